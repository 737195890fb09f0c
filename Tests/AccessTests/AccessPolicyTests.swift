import Access
import Testing

@Suite struct AccessPolicyTests {
    static let laboratory = (system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory")
    static let vitalSigns = (system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "vital-signs")

    @Test func patientScopesReachThePatientOfTheLaunchContext() throws {
        let policy = try AccessPolicy(scope: "launch/patient openid patient/Observation.rs patient/Patient.r",
                                      patient: "42", fhirUser: nil)
        let observations = policy.reach(.search, on: "Observation")
        #expect(observations.admits(patient: "42", category: Self.laboratory))
        #expect(!observations.admits(patient: "43", category: Self.laboratory))
        #expect(!observations.reachesEveryone(category: Self.laboratory))
        #expect(policy.reach(.read, on: "Patient").admits(patient: "42", category: nil))
        #expect(policy.reach(.search, on: "Patient").isNothing)
        #expect(!policy.allows(.create, on: "Observation"))
        #expect(policy.patients == ["42"])
    }

    @Test func aPatientScopeWithoutAPatientIsRefused() {
        #expect(throws: AccessPolicyError.patientContextMissing("patient/Observation.rs")) {
            try AccessPolicy(scope: "patient/Observation.rs", patient: nil, fhirUser: "Patient/1")
        }
    }

    @Test func userScopesFollowTheUser() throws {
        let patient = try AccessPolicy(scope: "user/*.cruds", patient: nil, fhirUser: "https://ehr.example/fhir/Patient/7")
        #expect(patient.reach(.read, on: "Observation").parts == [Reach.Part(compartment: .patient("7"), categories: nil)])
        let practitioner = try AccessPolicy(scope: "user/*.rs", patient: nil, fhirUser: "Practitioner/3")
        #expect(practitioner.reach(.search, on: "Patient").isEverything)
        #expect(practitioner.patients == nil)
        let system = try AccessPolicy(scope: "system/Observation.rs", patient: nil, fhirUser: nil)
        #expect(system.reach(.read, on: "Observation").isEverything)
        #expect(system.reach(.read, on: "Patient").isNothing)
    }

    /// Several scopes on one type add up (not Medplum's "first scope wins"); a bad one never widens.
    @Test func scopesAddUp() throws {
        let policy = try AccessPolicy(
            scope: "patient/Observation.rs?category=laboratory patient/Observation.r?category=vital-signs "
                + "patient/Observation.rrs system/Observation.cruds?code=1",
            patient: "5", fhirUser: nil)
        let search = policy.reach(.search, on: "Observation")
        #expect(search.admits(patient: "5", category: Self.laboratory))
        #expect(!search.admits(patient: "5", category: Self.vitalSigns))
        #expect(!search.admits(patient: "6", category: Self.laboratory))
        #expect(policy.reach(.read, on: "Observation").admits(patient: "5", category: Self.vitalSigns))
        #expect(!policy.allows(.create, on: "Observation"))
        #expect(policy.reach(.read, on: "Patient").isNothing)  // a category scope never reaches a Patient
    }

    @Test func theFingerprintSaysWhatIsGrantedNotHowItWasWritten() throws {
        let one = try AccessPolicy(scope: "patient/Observation.rs patient/Patient.r", patient: "1", fhirUser: nil)
        let same = try AccessPolicy(scope: "patient/Patient.r patient/Observation.read", patient: "1", fhirUser: nil)
        let other = try AccessPolicy(scope: "patient/Observation.rs patient/Patient.r", patient: "2", fhirUser: nil)
        #expect(one.fingerprint == same.fingerprint)
        #expect(one.fingerprint != other.fingerprint)
        #expect(AccessPolicy.unrestricted.fingerprint.isEmpty)
        #expect(AccessPolicy.unrestricted.reach(.delete, on: "Patient").isEverything)
    }

    @Test(arguments: [
        ("Patient/123", "123"), ("https://ehr.example/fhir/Patient/abc-1", "abc-1"), ("Practitioner/1", nil),
        ("Patient/", nil), ("Patient/a b", nil), ("123", nil),
    ] as [(String, String?)])
    func readsThePatientOfAFhirUser(fhirUser: String, patient: String?) {
        #expect(AccessPolicy.patientID(fhirUser: fhirUser) == patient)
    }
}
