public import FHIRModels
public import NativeModel
public import Terminology

/// Native measurement rows → LOINC-coded Observations (http://hl7.org/fhir/R4/observation.html).
/// Values are in the measure's canonical UCUM unit; vital signs follow the R4 vital-signs profiles
/// (http://hl7.org/fhir/R4/observation-vitalsigns.html), blood pressure as one panel with systolic
/// and diastolic components.
public enum ObservationMapping {
    /// The Observations of an activity row: one per value it holds.
    public static func observations(_ row: StoredMeasurement<ActivityRecord>) -> [Observation] {
        ObservationID.activityMeasures.compactMap { observation(row, measure: $0) }
    }

    /// The Observation of one value of an activity row; nil when the row does not hold it.
    public static func observation(_ row: StoredMeasurement<ActivityRecord>, measure: Measure) -> Observation? {
        guard let value = MeasureRows.value(of: measure, in: row.record) else { return nil }
        let record = row.record
        var observation = base(.activity(row: row.id, measure), measure: measure, userID: row.userID, meta: row.meta,
                               source: record.source, externalID: record.externalID)
        observation.effective = effective(record.span)
        observation.value = .quantity(quantity(value, measure: measure))
        return observation
    }

    public static func observation(_ row: StoredMeasurement<SleepRecord>) -> Observation {
        let record = row.record
        var observation = base(.sleep(row: row.id), measure: .sleepDuration, userID: row.userID, meta: row.meta,
                               source: record.source, externalID: record.externalID)
        observation.effective = effective(record.span)
        let hours = record.sleptMinutes / 60  // the time asleep; effectivePeriod is the window it was measured in
        observation.value = .quantity(quantity(hours.rounded(toPlaces: 2), measure: .sleepDuration))
        return observation
    }

    public static func observation(_ row: StoredMeasurement<BloodTestRecord>) -> Observation {
        let record = row.record
        let measure = MeasureRows.measure(of: record.analyte)
        var observation = base(.bloodTest(row: row.id), measure: measure, userID: row.userID, meta: row.meta,
                               source: record.source, externalID: record.externalID, originalCode: record.loincCode)
        observation.effective = .dateTime(FHIRTime.dateTime(record.measuredAt))
        observation.value = .quantity(quantity(record.value, measure: measure))
        return observation
    }

    public static func observation(_ row: StoredMeasurement<VitalSignRecord>) -> Observation {
        let record = row.record
        let measure = MeasureRows.measure(of: record.kind)
        var observation = base(.vitalSign(row: row.id), measure: measure, userID: row.userID, meta: row.meta,
                               source: record.source, externalID: record.externalID, originalCode: record.loincCode)
        observation.effective = .dateTime(FHIRTime.dateTime(record.measuredAt))
        if record.kind == .bloodPressure {
            observation.component = [(Measure.systolicBloodPressure, record.systolic),
                                     (Measure.diastolicBloodPressure, record.diastolic)].compactMap { measure, value in
                value.map { ObservationComponent(code: code(MeasureCatalog.definition(of: measure)),
                                                 value: .quantity(quantity($0, measure: measure))) }
            }
        } else if let value = record.value {
            observation.value = .quantity(quantity(value, measure: measure))
        }
        return observation
    }

    // MARK: parts

    static func base(
        _ id: ObservationID, measure: Measure, userID: Int64, meta row: RowMeta, source: String, externalID: String?,
        originalCode: String? = nil
    ) -> Observation {
        let definition = MeasureCatalog.definition(of: measure)
        let profiles = [FHIRSystems.observationProfile(measure.rawValue)] + (definition.profile.map { [$0] } ?? [])
        var meta = PatientMapping.meta(row, profiles: profiles)
        // Where the row came from (the tracker's app, a watch, an EHR's system): what tells two
        // otherwise equal Observations of two devices apart, in an export and in the import that reads it.
        meta.source = FHIRURI(identifierSystem(source: source))
        var observation = Observation(id: FHIRId(id.description), meta: meta)
        if let externalID {
            observation.identifier = [Identifier(system: FHIRURI(identifierSystem(source: source)),
                                                 value: FHIRString(externalID))]
        }
        observation.status = "final"
        observation.category = [category(definition.category)]
        var code = code(definition)
        if let originalCode, originalCode != definition.code.code,
           let variant = definition.variants.first(where: { $0.code == originalCode }) {
            code.coding.append(Coding(system: FHIRURI(FHIRSystems.loinc), code: FHIRCode(variant.code),
                                      display: FHIRString(variant.display)))
        }
        observation.code = code
        observation.subject = Reference(reference: FHIRString("Patient/\(userID)"))
        return observation
    }

    /// The identifier system a row's source stands for: the source itself when it is a URI (an EHR's
    /// identifier system), else the gateway's system for that source name.
    public static func identifierSystem(source: String) -> String {
        source.contains(":") ? source : FHIRSystems.sourcePrefix + source
    }

    static func category(_ category: ObservationCategory) -> CodeableConcept {
        CodeableConcept(coding: [Coding(system: FHIRURI(ObservationCategory.system), code: FHIRCode(category.rawValue),
                                        display: FHIRString(category.display))])
    }

    public static func code(_ definition: MeasureDefinition) -> CodeableConcept {
        CodeableConcept(coding: [Coding(system: FHIRURI(FHIRSystems.loinc), code: FHIRCode(definition.code.code),
                                        display: FHIRString(definition.code.display))],
                        text: FHIRString(definition.code.display))
    }

    static func quantity(_ value: Double, measure: Measure) -> Quantity {
        let unit = MeasureCatalog.definition(of: measure).unit
        return Quantity(value: FHIRDecimal(value.compactDescription), unit: FHIRString(unit.display),
                        system: FHIRURI(FHIRSystems.ucum), code: FHIRCode(unit.code))
    }

    static func effective(_ span: TimeSpan) -> ObservationEffective {
        if span.durationMilliseconds == 0 { return .dateTime(FHIRTime.dateTime(span.start)) }
        return .period(Period(start: FHIRTime.dateTime(span.start),
                              end: FHIRDateTime(span.endDescription)))
    }
}
