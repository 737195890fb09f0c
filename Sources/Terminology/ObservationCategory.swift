/// The Observation categories the gateway uses, from the R4 `observation-category` code system
/// (http://hl7.org/fhir/R4/codesystem-observation-category.html).
public enum ObservationCategory: String, Sendable, Hashable, CaseIterable {
    case vitalSigns = "vital-signs"
    case laboratory
    case activity

    public static let system = "http://terminology.hl7.org/CodeSystem/observation-category"

    public var display: String {
        switch self {
        case .vitalSigns: return "Vital Signs"
        case .laboratory: return "Laboratory"
        case .activity: return "Activity"
        }
    }
}
