import Mapping
import Terminology

/// What the gateway offers for one resource type. The router dispatches by it and the
/// CapabilityStatement is built from it, so the two cannot drift apart.
public struct ResourceCapability: Sendable {
    public var type: String
    /// The base profile every resource of the type conforms to.
    public var profile: String?
    /// The gateway's narrower profiles (one per mapped measure).
    public var supportedProfiles: [String]
    public var interactions: Set<FHIRInteraction>
    /// Whether update can create a resource with an id the client chose.
    public var updateCreate = false
    public var operations: [OperationCapability] = []
    public var documentation: String

    /// The resource types the gateway serves, in the order the CapabilityStatement lists them.
    public static let all: [ResourceCapability] = [
        ResourceCapability(
            type: "Patient", profile: FHIRSystems.patientProfile, supportedProfiles: [],
            interactions: [.read, .vread, .historyInstance, .historyType, .create, .update, .delete, .searchType],
            updateCreate: true,
            operations: [.healthScore, .healthScorePopulation, .everything, .patientExport],
            documentation: "A user of the tracker. Ids are numbers; POST assigns the next one, PUT creates a "
                + "Patient with an id no Patient ever had (ids of deleted Patients are never reused). "
                + "Conditional create (If-None-Exist) and conditional update (PUT Patient?identifier=) on "
                + "identifier=system|value; several matches are 412. Reverse chains: _has:Observation:patient:{parameter} "
                + "(or :subject:) with any Observation search parameter; the _has parameters of one search must all "
                + "hold for the same Observation (_has:Observation:patient:code=4548-4&_has:Observation:patient:"
                + "value-quantity=gt7: an HbA1c above 7%)."),
        ResourceCapability(
            type: "Observation", profile: nil,
            supportedProfiles: MeasureCatalog.definitions.filter { !isComponent($0.measure) }
                .map { FHIRSystems.observationProfile($0.measure.rawValue) },
            interactions: [.read, .vread, .historyInstance, .historyType, .create, .update, .delete, .searchType],
            operations: [.stats, .lastN],
            documentation: "A LOINC-coded measurement: a view of a row of the activity, sleep, blood test or vital "
                + "sign tables. Ids are derived from the row (act-42-steps, sleep-7, lab-9, vital-3)."),
        ResourceCapability(type: "StructureDefinition", profile: nil, supportedProfiles: [], interactions: [.read],
                           documentation: "The gateway's own profiles."),
        ResourceCapability(type: "ValueSet", profile: nil, supportedProfiles: [], interactions: [.read],
                           documentation: "The LOINC codes the gateway maps."),
        ResourceCapability(type: "OperationDefinition", profile: nil, supportedProfiles: [], interactions: [.read],
                           documentation: "The gateway's own operations ($health-score)."),
    ]

    public static func named(_ type: String) -> ResourceCapability? { all.first { $0.type == type } }

    /// The types a Bundle entry can write (the others a lenient transaction skips).
    public static let writableTypes = BundleRequest.writableTypes

    static func isComponent(_ measure: Measure) -> Bool {
        measure == .systolicBloodPressure || measure == .diastolicBloodPressure
    }
}
