/// The RESTful interactions (http://hl7.org/fhir/R4/http.html), with the codes a CapabilityStatement
/// lists them by (http://hl7.org/fhir/R4/valueset-type-restful-interaction.html).
public enum FHIRInteraction: String, Sendable, Hashable, CaseIterable {
    case read, vread, update, patch, delete
    case historyInstance = "history-instance"
    case historyType = "history-type"
    case create
    case searchType = "search-type"
}
