/// An operation the gateway offers on a resource type (http://hl7.org/fhir/R4/operations.html), as
/// the CapabilityStatement lists it and the router dispatches it.
public struct OperationCapability: Sendable, Hashable {
    /// The name without the `$`.
    public var name: String
    /// The canonical URL of its OperationDefinition.
    public var definition: String
    /// Invoked on one resource (`Patient/1/$health-score`) or on the type (`Observation/$stats`).
    public var onInstance: Bool
    public var documentation: String

    public static let healthScore = OperationCapability(
        name: HealthScoreOperation.name, definition: ProfileCatalog.healthScoreURL, onInstance: true,
        documentation: "GET|POST Patient/{id}/$health-score: the patient's score 0–100 against the population, per "
            + "component with the population's statistics (see the OperationDefinition for the method).")
    public static let stats = OperationCapability(
        name: "stats", definition: "http://hl7.org/fhir/OperationDefinition/Observation-stats", onInstance: false,
        documentation: "GET|POST Observation/$stats: statistics of a code's values for one subject, or for every "
            + "patient when subject is left out. In a URL, period is start/end.")
    public static let everything = OperationCapability(
        name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything", onInstance: true,
        documentation: "GET|POST Patient/{id}/$everything: the Patient and their Observations as a searchset, in pages; "
            + "start and end bound the Observations' dates, _since keeps what changed after it, _type keeps Patient "
            + "or Observation, _count sizes the pages.")
    public static let lastN = OperationCapability(
        name: "lastn", definition: "http://hl7.org/fhir/OperationDefinition/Observation-lastn", onInstance: false,
        documentation: "GET|POST Observation/$lastn: a patient's most recent max (1–100) Observations per code; "
            + "patient is required.")
}
