import Access
import Testing

@Suite struct SMARTScopeTests {
    @Test(arguments: [
        ("patient/Observation.rs", SMARTScope.Context.patient, "Observation", "rs"),
        ("user/Patient.cruds", .user, "Patient", "cruds"),
        ("system/*.r", .system, "*", "r"),
        ("patient/*.read", .patient, "*", "rs"),
        ("user/Observation.write", .user, "Observation", "cud"),
        ("system/Patient.*", .system, "Patient", "cruds"),
        ("patient/Observation.cu", .patient, "Observation", "cu"),
    ])
    func parsesV1AndV2Permissions(text: String, context: SMARTScope.Context, type: String, letters: String) throws {
        let scope = try #require(SMARTScope(text))
        #expect(scope.context == context)
        #expect(scope.resourceType == type)
        #expect(AccessVerb.letters(scope.verbs) == letters)
        #expect(scope.categories == nil)
    }

    @Test func parsesGranularCategories() throws {
        let scope = try #require(SMARTScope(
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"))
        #expect(scope.categories == [CategoryCode(system: "http://terminology.hl7.org/CodeSystem/observation-category",
                                                  code: "laboratory")])
        let either = try #require(SMARTScope("user/Observation.rs?category=vital-signs,laboratory"))
        #expect(either.categories == [CategoryCode(system: nil, code: "vital-signs"), CategoryCode(system: nil, code: "laboratory")])
        let encoded = try #require(SMARTScope("patient/Observation.s?category=http%3A%2F%2Fx%7Claboratory"))
        #expect(encoded.categories == [CategoryCode(system: "http://x", code: "laboratory")])
    }

    /// A scope the parser does not understand is not a scope: it grants nothing.
    @Test(arguments: [
        "patient/Observation.rrs", "patient/Observation.sr", "patient/Observation.", "patient/Observation.x",
        "patient/Observation.READ", "admin/Observation.rs", "patient/observation.rs", "patient/.rs", "Observation.rs",
        "patient/Observation.read?category=laboratory", "patient/Observation.rs?code=1234-5",
        "patient/Observation.rs?category=a&category=b", "patient/Observation.rs?category=", "patient/Observation.rs?category=%zz",
        "patient/Observation.rs?category=lab|", "patient/Obs-ervation.rs", "openid", "fhirUser", "launch/patient",
        "offline_access", "", "patient/Observation.rs?", "patient/*.crudss",
    ])
    func refusesWhatItCannotRead(text: String) {
        #expect(SMARTScope(text) == nil)
    }
}
