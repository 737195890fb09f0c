/// Administrative gender, with the codes of FHIR's `administrative-gender` value set
/// (http://hl7.org/fhir/R4/valueset-administrative-gender.html), so users map to Patients one to one.
public enum Gender: String, Sendable, Hashable, CaseIterable, Codable {
    case male, female, other, unknown
}
