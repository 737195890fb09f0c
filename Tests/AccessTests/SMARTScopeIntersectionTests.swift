import Access
import Testing

@Suite struct SMARTScopeIntersectionTests {
    static func scope(_ text: String) throws -> SMARTScope { try #require(SMARTScope(text)) }

    @Test func narrowsTypeVerbsAndCategories() throws {
        #expect(try Self.scope("system/*.cruds").intersection(Self.scope("system/Observation.rs"))?.text == "system/Observation.rs")
        #expect(try Self.scope("system/Observation.read").intersection(Self.scope("system/*.rs"))?.text == "system/Observation.rs")
        #expect(try Self.scope("system/Observation.cu").intersection(Self.scope("system/*.rs")) == nil)
        #expect(try Self.scope("system/Patient.rs").intersection(Self.scope("system/Observation.rs")) == nil)
        #expect(try Self.scope("patient/*.rs").intersection(Self.scope("system/*.rs")) == nil)
        let lab = "system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"
        #expect(try Self.scope("system/*.rs").intersection(Self.scope(lab))?.text == lab)
        #expect(try Self.scope(lab).intersection(Self.scope("system/Observation.rs?category=vital-signs")) == nil)
    }

    @Test func textReadsBackAsTheSameScope() throws {
        let scope = SMARTScope(context: .system, resourceType: "Observation", verbs: [.read, .search],
                               categories: [CategoryCode(system: "urn:x,y", code: "a|b c")])
        #expect(SMARTScope(scope.text) == scope)
    }

    @Test func grantsAskedScopesTheRegistrationAllowsInOrder() {
        let granted = SMARTScope.granted(asked: "openid system/Observation.cruds system/*.rs system/Observation.rs",
                                         registered: "system/*.rs system/Observation.c")
        #expect(granted.map(\.text) == ["system/Observation.rs", "system/Observation.c", "system/*.rs"])
        #expect(SMARTScope.granted(asked: "launch/patient patient/*.rs", registered: "system/*.rs").isEmpty)
    }
}
