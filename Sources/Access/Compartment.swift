/// Whose data a grant reaches: one Patient's compartment
/// (http://hl7.org/fhir/R4/compartmentdefinition-patient.html), or every patient's.
public enum Compartment: Sendable, Hashable, Codable {
    /// Every patient (`system/` scopes, `user/` scopes of a user who is not a Patient).
    case everyone
    /// The Patient with this logical id and what refers to it as its subject.
    case patient(String)
}
