import FHIRTestSupport
import Foundation
import Terminology
import Testing

/// `Profiles/` and the Terminology table agree, and every profile is valid FHIR R4.
@Suite struct ProfilesTests {
    static let valueSet = FHIRSchema.repository.appendingPathComponent("Profiles/ValueSet-observation-codes.json")

    @Test func theValueSetListsExactlyTheMappedCodesWithTheirDisplays() throws {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.valueSet)) as? [String: Any])
        let compose = try #require(json["compose"] as? [String: Any])
        let includes = try #require(compose["include"] as? [[String: Any]])
        #expect(includes.compactMap { $0["system"] as? String } == [LOINCConcept.system])
        let listed = includes.flatMap { $0["concept"] as? [[String: String]] ?? [] }
            .map { LOINCConcept($0["code"] ?? "", $0["display"] ?? "") }
        let mapped = MeasureCatalog.definitions.flatMap(\.codes)
        #expect(listed == mapped)
    }

    @Test func everyProfileIsValidFHIR() throws {
        let profiles = try FileManager.default.contentsOfDirectory(
            at: FHIRSchema.repository.appendingPathComponent("Profiles"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        #expect(!profiles.isEmpty)
        #expect(try FHIRSchema.problems(in: profiles) == [])
    }

    @Test func theValidatorFindsWhatIsWrong() throws {
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: broken) }
        try Data(#"{"resourceType":"ValueSet","status":"bogus"}"#.utf8).write(to: broken)
        let problems = try FHIRSchema.problems(in: [broken])
        #expect(problems.count == 1)
        #expect(problems.first?.contains("status: 'bogus' is not one of") == true)
    }
}
