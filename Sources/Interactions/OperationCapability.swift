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
    public static let healthScorePopulation = OperationCapability(
        name: HealthScorePopulationOperation.name, definition: ProfileCatalog.healthScorePopulationURL, onInstance: false,
        documentation: "GET|POST Patient/$health-score-population: the population behind $health-score for a period: its "
            + "size, the statistics' age, and the distribution of every patient's score and of each component's values.")
    public static let stats = OperationCapability(
        name: "stats", definition: "http://hl7.org/fhir/OperationDefinition/Observation-stats", onInstance: false,
        documentation: "GET|POST Observation/$stats: statistics of a code's values for one subject, or for every "
            + "patient when subject is left out. In a URL, period is start/end.")
    public static let everything = OperationCapability(
        name: "everything", definition: "http://hl7.org/fhir/OperationDefinition/Patient-everything", onInstance: true,
        documentation: "GET|POST Patient/{id}/$everything: the Patient and their Observations as a searchset, in pages; "
            + "start and end bound the Observations' dates, _since keeps what changed after it, _type keeps Patient "
            + "or Observation, _count sizes the pages.")
    /// Bulk Data export (http://hl7.org/fhir/uv/bulkdata/export.html): of every Patient's data here,
    /// of the whole system at `/fhir/$export` (`systemExport`).
    public static let patientExport = OperationCapability(
        name: "export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export", onInstance: false,
        documentation: "GET|POST Patient/$export with Prefer: respond-async: every Patient's (or, with patient, some "
            + "Patients') Patient and Observation resources as NDJSON files, asynchronously; _outputFormat, _since, _type, "
            + "_typeFilter, patient.")
    public static let systemExport = OperationCapability(
        name: "export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export", onInstance: false,
        documentation: "GET|POST /$export with Prefer: respond-async: every Patient and Observation as NDJSON files, "
            + "asynchronously (http://hl7.org/fhir/uv/bulkdata/export.html); _outputFormat, _since, _type, _typeFilter. "
            + "The status URL answers 202 with X-Progress, then the manifest; DELETE cancels.")
    public static let lastN = OperationCapability(
        name: "lastn", definition: "http://hl7.org/fhir/OperationDefinition/Observation-lastn", onInstance: false,
        documentation: "GET|POST Observation/$lastn: a patient's most recent max (1–100) Observations per code; "
            + "patient is required.")
}
