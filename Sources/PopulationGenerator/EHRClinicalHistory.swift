import FHIRModels

/// What a real EHR export of a patient holds besides the vital signs and results the gateway maps:
/// encounters, conditions, procedures, immunizations, prescriptions, reports, and the claims and
/// explanations of benefit of each visit (Synthea's patients and payers' exports look like this).
/// None of it is stored by the gateway; a lenient transaction skips it. Sized like real resources
/// (an ExplanationOfBenefit with its items is several kilobytes), valid FHIR R4.
enum EHRClinicalHistory {
    /// The kinds of resource a visit produces, in the order a visit's resources come.
    static let kinds = ["Encounter", "Condition", "Procedure", "DiagnosticReport", "MedicationRequest", "Immunization",
                        "Claim", "ExplanationOfBenefit"]

    /// `count` resources about `patient` (a reference), visit after visit, dated `dates[i % dates.count]`.
    static func resources(count: Int, patient: String, dates: [String], idPrefix: String,
                          random: inout SeededRandom) -> [AnyResource] {
        guard !dates.isEmpty else { return [] }
        return (0..<count).map { number in
            let date = dates[(number / kinds.count * 7) % dates.count]
            let id = "\(idPrefix)-\(number + 1)"
            let encounter = "Encounter/\(idPrefix)-\(number / kinds.count * kinds.count + 1)"
            switch kinds[number % kinds.count] {
            case "Encounter": return self.encounter(id: id, patient: patient, date: date)
            case "Condition": return condition(id: id, patient: patient, encounter: encounter, date: date, random: &random)
            case "Procedure": return procedure(id: id, patient: patient, encounter: encounter, date: date)
            case "DiagnosticReport": return report(id: id, patient: patient, encounter: encounter, date: date)
            case "MedicationRequest": return prescription(id: id, patient: patient, encounter: encounter, date: date)
            case "Immunization": return immunization(id: id, patient: patient, encounter: encounter, date: date)
            case "Claim": return claim(id: id, patient: patient, encounter: encounter, date: date)
            default: return explanationOfBenefit(id: id, patient: patient, encounter: encounter, date: date)
            }
        }
    }

    private static func coding(_ builder: inout ElementTreeBuilder, _ name: String, system: String, code: String,
                               display: String, repeats: Bool = false) {
        builder.element(name, repeats: repeats) { concept in
            concept.element("coding", repeats: true) { coding in
                coding.string("system", system)
                coding.string("code", code)
                coding.string("display", display)
            }
            concept.string("text", display)
        }
    }

    private static func reference(_ builder: inout ElementTreeBuilder, _ name: String, _ target: String) {
        builder.element(name) { $0.string("reference", target) }
    }

    /// An ambulatory Encounter; with a `date`, a check-up of that day (its type and period).
    static func encounter(id: String, patient: String, date: String?) -> AnyResource {
        ElementTreeBuilder.resource("Encounter") { encounter in
            encounter.string("id", id)
            encounter.string("status", "finished")
            encounter.element("class") { coding in
                coding.string("system", "http://terminology.hl7.org/CodeSystem/v3-ActCode")
                coding.string("code", "AMB")
            }
            if date != nil {
                coding(&encounter, "type", system: "http://snomed.info/sct", code: "185349003",
                       display: "Encounter for check up (procedure)", repeats: true)
            }
            reference(&encounter, "subject", patient)
            if let date { period(&encounter, "period", date, from: "09:00", to: "09:30") }
        }
    }

    private static func period(_ builder: inout ElementTreeBuilder, _ name: String, _ date: String, from: String, to: String) {
        builder.element(name) { period in
            period.string("start", date + "T\(from):00+01:00")
            period.string("end", date + "T\(to):00+01:00")
        }
    }

    private static func money(_ builder: inout ElementTreeBuilder, _ name: String, _ value: String) {
        builder.element(name) { money in
            money.number("value", value)
            money.string("currency", "USD")
        }
    }

    /// What a claim and its explanation of benefit both start with: status, type, use, patient, period.
    private static func bill(_ builder: inout ElementTreeBuilder, id: String, patient: String, date: String, until: String) {
        builder.string("id", id)
        builder.string("status", "active")
        coding(&builder, "type", system: "http://terminology.hl7.org/CodeSystem/claim-type", code: "professional",
               display: "Professional")
        builder.string("use", "claim")
        reference(&builder, "patient", patient)
        period(&builder, "billablePeriod", date, from: "09:00", to: until)
        builder.string("created", date + "T09:30:00+01:00")
    }

    static func condition(id: String, patient: String, encounter: String, date: String,
                          random: inout SeededRandom) -> AnyResource {
        let conditions = [("44054006", "Diabetes mellitus type 2 (disorder)"), ("38341003", "Hypertensive disorder (disorder)"),
                          ("195662009", "Acute viral pharyngitis (disorder)"), ("162864005", "Body mass index 30+ - obesity (finding)")]
        let (code, display) = conditions[Int(random.next() % UInt64(conditions.count))]
        return ElementTreeBuilder.resource("Condition") { condition in
            condition.string("id", id)
            coding(&condition, "clinicalStatus", system: "http://terminology.hl7.org/CodeSystem/condition-clinical",
                   code: "active", display: "Active")
            coding(&condition, "verificationStatus", system: "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                   code: "confirmed", display: "Confirmed")
            coding(&condition, "category", system: "http://terminology.hl7.org/CodeSystem/condition-category",
                   code: "encounter-diagnosis", display: "Encounter Diagnosis", repeats: true)
            coding(&condition, "code", system: "http://snomed.info/sct", code: code, display: display)
            reference(&condition, "subject", patient)
            reference(&condition, "encounter", encounter)
            condition.string("onsetDateTime", date + "T09:10:00+01:00")
            condition.string("recordedDate", date + "T09:10:00+01:00")
        }
    }

    static func procedure(id: String, patient: String, encounter: String, date: String) -> AnyResource {
        ElementTreeBuilder.resource("Procedure") { procedure in
            procedure.string("id", id)
            procedure.string("status", "completed")
            coding(&procedure, "code", system: "http://snomed.info/sct", code: "430193006",
                   display: "Medication Reconciliation (procedure)")
            reference(&procedure, "subject", patient)
            reference(&procedure, "encounter", encounter)
            period(&procedure, "performedPeriod", date, from: "09:05", to: "09:20")
        }
    }

    static func report(id: String, patient: String, encounter: String, date: String) -> AnyResource {
        ElementTreeBuilder.resource("DiagnosticReport") { report in
            report.string("id", id)
            report.string("status", "final")
            coding(&report, "category", system: "http://terminology.hl7.org/CodeSystem/v2-0074", code: "LAB",
                   display: "Laboratory", repeats: true)
            coding(&report, "code", system: "http://loinc.org", code: "51990-0",
                   display: "Basic metabolic panel - Blood")
            reference(&report, "subject", patient)
            reference(&report, "encounter", encounter)
            report.string("effectiveDateTime", date + "T09:15:00+01:00")
            report.string("issued", date + "T11:15:00.000+01:00")
            report.string("conclusion", "Results within the reference ranges but for glucose; reviewed with the patient, "
                + "no change of treatment. Repeat the panel at the next routine visit.")
        }
    }

    static func prescription(id: String, patient: String, encounter: String, date: String) -> AnyResource {
        ElementTreeBuilder.resource("MedicationRequest") { request in
            request.string("id", id)
            request.string("status", "active")
            request.string("intent", "order")
            coding(&request, "medicationCodeableConcept", system: "http://www.nlm.nih.gov/research/umls/rxnorm",
                   code: "860975", display: "24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet")
            reference(&request, "subject", patient)
            reference(&request, "encounter", encounter)
            request.string("authoredOn", date + "T09:20:00+01:00")
            request.element("dosageInstruction", repeats: true) { dosage in
                dosage.number("sequence", "1")
                dosage.string("text", "One tablet by mouth once a day with the evening meal")
                dosage.element("timing") { timing in
                    timing.element("repeat") { repeatInfo in
                        repeatInfo.number("frequency", "1")
                        repeatInfo.number("period", "1")
                        repeatInfo.string("periodUnit", "d")
                    }
                }
            }
        }
    }

    static func immunization(id: String, patient: String, encounter: String, date: String) -> AnyResource {
        ElementTreeBuilder.resource("Immunization") { immunization in
            immunization.string("id", id)
            immunization.string("status", "completed")
            coding(&immunization, "vaccineCode", system: "http://hl7.org/fhir/sid/cvx", code: "140",
                   display: "Influenza, seasonal, injectable, preservative free")
            reference(&immunization, "patient", patient)
            reference(&immunization, "encounter", encounter)
            immunization.string("occurrenceDateTime", date + "T09:25:00+01:00")
            immunization.bool("primarySource", true)
        }
    }

    /// The lines of a visit's bill: what a claim and its explanation of benefit list.
    private static let lines = [("185349003", "Encounter for check up (procedure)", "136.80"),
                                ("430193006", "Medication Reconciliation (procedure)", "464.88"),
                                ("51990-0", "Basic metabolic panel - Blood", "78.20"),
                                ("140", "Influenza, seasonal, injectable, preservative free", "140.52")]

    static func claim(id: String, patient: String, encounter: String, date: String) -> AnyResource {
        ElementTreeBuilder.resource("Claim") { claim in
            bill(&claim, id: id, patient: patient, date: date, until: "09:30")
            claim.element("provider") { $0.string("display", "Saint Mary's Family Practice") }
            coding(&claim, "priority", system: "http://terminology.hl7.org/CodeSystem/processpriority", code: "normal",
                   display: "Normal")
            claim.element("insurance", repeats: true) { insurance in
                insurance.number("sequence", "1")
                insurance.bool("focal", true)
                insurance.element("coverage") { $0.string("display", "Medicare") }
            }
            for (number, line) in lines.enumerated() {
                claim.element("item", repeats: true) { item in
                    item.number("sequence", String(number + 1))
                    coding(&item, "productOrService", system: "http://snomed.info/sct", code: line.0, display: line.1)
                    item.element("encounter", repeats: true) { $0.string("reference", encounter) }
                    money(&item, "net", line.2)
                }
            }
            money(&claim, "total", "820.40")
        }
    }

    static func explanationOfBenefit(id: String, patient: String, encounter: String, date: String) -> AnyResource {
        ElementTreeBuilder.resource("ExplanationOfBenefit") { benefit in
            bill(&benefit, id: id, patient: patient, date: date, until: "10:00")
            benefit.element("insurer") { $0.string("display", "Medicare") }
            benefit.element("provider") { $0.string("display", "Saint Mary's Family Practice") }
            benefit.string("outcome", "complete")
            benefit.element("insurance", repeats: true) { insurance in
                insurance.bool("focal", true)
                insurance.element("coverage") { $0.string("display", "Medicare") }
            }
            for (number, line) in lines.enumerated() {
                benefit.element("item", repeats: true) { item in
                    item.number("sequence", String(number + 1))
                    coding(&item, "category", system: "https://bluebutton.cms.gov/resources/variables/line_cms_type_srvc_cd",
                           code: "1", display: "Medical care")
                    coding(&item, "productOrService", system: "http://snomed.info/sct", code: line.0, display: line.1)
                    period(&item, "servicedPeriod", date, from: "09:00", to: "09:30")
                    coding(&item, "locationCodeableConcept", system: "http://terminology.hl7.org/CodeSystem/ex-serviceplace",
                           code: "11", display: "Office")
                    item.element("encounter", repeats: true) { $0.string("reference", encounter) }
                    money(&item, "net", line.2)
                    for (code, display, share) in [("copay", "CoPay", "0.2"), ("benefit", "Benefit Amount", "0.8")] {
                        item.element("adjudication", repeats: true) { adjudication in
                            coding(&adjudication, "category", system: "http://terminology.hl7.org/CodeSystem/adjudication",
                                   code: code, display: display)
                            money(&adjudication, "amount", share)
                        }
                    }
                }
            }
            benefit.element("total", repeats: true) { total in
                coding(&total, "category", system: "http://terminology.hl7.org/CodeSystem/adjudication", code: "submitted",
                       display: "Submitted Amount")
                money(&total, "amount", "820.40")
            }
            benefit.element("payment") { money(&$0, "amount", "656.32") }
        }
    }
}
