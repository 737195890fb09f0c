/// The search parameters of each searchable resource type, as the CapabilityStatement lists them
/// and the parser accepts them (http://hl7.org/fhir/R4/patient.html#search,
/// http://hl7.org/fhir/R4/observation.html#search).
public enum SearchParameters {
    public static let searchableTypes = ["Patient", "Observation"]

    public static func definitions(of resourceType: String) -> [SearchParameterDefinition] {
        switch resourceType {
        case "Patient": return patient
        case "Observation": return observation
        default: return []
        }
    }

    public static func definition(_ name: String, of resourceType: String) -> SearchParameterDefinition? {
        definitions(of: resourceType).first { $0.name == name }
    }

    /// The `_sort` keys of each type (http://hl7.org/fhir/R4/search.html#sort).
    public static func sortKeys(of resourceType: String) -> [String] {
        switch resourceType {
        case "Patient": return ["_id", "_lastUpdated", "birthdate", "family", "given"]
        case "Observation": return ["_id", "_lastUpdated", "date"]
        default: return []
        }
    }

    static let id = SearchParameterDefinition(
        "_id", .token, definition: "Resource-id", expression: "Resource.id",
        documentation: "The logical id; several ids separated by commas match any of them.")
    static let lastUpdated = SearchParameterDefinition(
        "_lastUpdated", .date, definition: "Resource-lastUpdated", expression: "Resource.meta.lastUpdated",
        documentation: "When the resource last changed, with the prefixes eq, ne, lt, gt, le, ge, sa, eb and ap.")

    static let patient: [SearchParameterDefinition] = [
        id, lastUpdated,
        SearchParameterDefinition(
            "identifier", .token, definition: "Patient-identifier", expression: "Patient.identifier",
            documentation: "An identifier: `system|value`, `value` in any system, or `|value` without a system "
                + "(every identifier the gateway keeps has a system, so this form matches none)."),
        SearchParameterDefinition(
            "name", .string, definition: "Patient-name", expression: "Patient.name",
            documentation: "The family or a given name, or a word of either, starts with the value, ignoring case "
                + "and accents; `:exact` matches a whole name exactly, `:contains` anywhere in it."),
        SearchParameterDefinition(
            "family", .string, definition: "individual-family", expression: "Patient.name.family",
            documentation: "As `name`, on the family name."),
        SearchParameterDefinition(
            "given", .string, definition: "individual-given", expression: "Patient.name.given",
            documentation: "As `name`, on the given names."),
        SearchParameterDefinition(
            "birthdate", .date, definition: "individual-birthdate", expression: "Patient.birthDate",
            documentation: "The birth date as a range (a year-only birth date spans the year), with every prefix; "
                + "`birthdate=1980` matches birth dates within 1980."),
        SearchParameterDefinition(
            "gender", .token, definition: "individual-gender", expression: "Patient.gender",
            documentation: "male, female, other or unknown, with or without the system "
                + "http://hl7.org/fhir/administrative-gender."),
        SearchParameterDefinition(
            "email", .token, definition: "individual-email", expression: "Patient.telecom.where(system='email')",
            documentation: "The email address, ignoring case."),
        SearchParameterDefinition(
            "phone", .token, definition: "individual-phone", expression: "Patient.telecom.where(system='phone')",
            documentation: "The phone number, exactly as stored."),
        SearchParameterDefinition(
            "telecom", .token, definition: "individual-telecom", expression: "Patient.telecom",
            documentation: "An email address or phone number; `email|…` or `phone|…` names which."),
    ]

    /// The Patient parameters an Observation's `subject` and `patient` chain to.
    static let patientChains: Set<String> = ["identifier", "_id", "name", "family", "given", "birthdate", "gender"]

    static let observation: [SearchParameterDefinition] = [
        id, lastUpdated,
        SearchParameterDefinition(
            "subject", .reference, definition: "Observation-subject", expression: "Observation.subject",
            documentation: "The Patient: `Patient/1`, `1` or this server's URL of it. Chains to the Patient's "
                + "`identifier`, `_id`, `name`, `family`, `given` (with `:exact` or `:contains`), `birthdate` and "
                + "`gender`: `subject.family=Silva`, `subject:Patient.birthdate=lt1960`.",
            modifiers: ["Patient"], chains: patientChains),
        SearchParameterDefinition(
            "patient", .reference, definition: "clinical-patient",
            expression: "Observation.subject.where(resolve() is Patient)",
            documentation: "As `subject`, chains included (`patient.identifier=system|value`).", modifiers: ["Patient"],
            chains: patientChains),
        SearchParameterDefinition(
            "code", .token, definition: "clinical-code", expression: "Observation.code",
            documentation: "A LOINC code (`http://loinc.org|2339-0` or `2339-0`); a variant code the gateway maps "
                + "(15074-8 for glucose) finds the same Observations; commas separate alternatives."),
        SearchParameterDefinition(
            "category", .token, definition: "Observation-category", expression: "Observation.category",
            documentation: "activity, laboratory or vital-signs "
                + "(http://terminology.hl7.org/CodeSystem/observation-category)."),
        SearchParameterDefinition(
            "date", .date, definition: "clinical-date", expression: "Observation.effective",
            documentation: "When the Observation applies, with every prefix: an activity or sleep period "
                + "compares as a range (`date=2026-11-14` matches a period within that day, `ge`/`le` a period "
                + "that reaches it). Times without an offset are read as UTC."),
        SearchParameterDefinition(
            "value-quantity", .quantity, definition: "Observation-value-quantity",
            expression: "(Observation.value as Quantity)",
            documentation: "The value, with a prefix and an optional `|system|code`: a UCUM unit is converted to the "
                + "unit the gateway keeps (`ge7.8|http://unitsofmeasure.org|mmol/L` finds glucose stored in "
                + "mg/dL). Without a code or unit the number compares with the value as stored."),
        SearchParameterDefinition(
            "combo-code", .token, definition: "Observation-combo-code",
            expression: "Observation.code | Observation.component.code",
            documentation: "As `code`, also matching a component's code (8480-6 finds blood-pressure panels)."),
        SearchParameterDefinition(
            "component-code", .token, definition: "Observation-component-code",
            expression: "Observation.component.code",
            documentation: "A component's code: 8480-6 or 8462-4 finds the blood-pressure panels."),
    ]
}
