/// The URIs the gateway's resources use: code systems, identifier systems and its own canonical base.
public enum FHIRSystems {
    public static let loinc = "http://loinc.org"
    public static let ucum = "http://unitsofmeasure.org"
    /// The canonical base of the gateway's own definitions (profiles, value sets, operations).
    public static let canonicalBase = "http://healthgateway.example.org/fhir"
    /// The identifier system of the gateway's own user ids (`Patient.identifier`).
    public static let userID = canonicalBase + "/sid/user-id"
    /// The identifier system of a measurement's external id from a source that has no URI of its own:
    /// this prefix plus the source's name (`…/sid/source/app`).
    public static let sourcePrefix = canonicalBase + "/sid/source/"
    /// http://hl7.org/fhir/R4/valueset-administrative-gender.html
    public static let administrativeGender = "http://hl7.org/fhir/administrative-gender"

    /// The profile every Patient the gateway emits conforms to.
    public static let patientProfile = canonicalBase + "/StructureDefinition/healthgateway-patient"

    /// The gateway's profile of the Observations of one measure.
    public static func observationProfile(_ measureID: String) -> String {
        canonicalBase + "/StructureDefinition/healthgateway-observation-" + measureID
    }
}
