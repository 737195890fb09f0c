import FHIRTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The CapabilityStatement's search parameters are the R4 definitions the gateway implements: each
/// names its official SearchParameter (copied in Tests/Fixtures) with the same code and type, has
/// documentation, and is accepted by the search it is listed for. `Profiles/` defines only
/// parameters beyond the base spec, and the gateway adds none.
@Suite struct SearchCapabilityTests {
    static func official() -> [String: [String: Any]] {
        let folder = FHIRSchema.repository.appendingPathComponent("Tests/Fixtures/fhir-r4-core")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        var definitions: [String: [String: Any]] = [:]
        for file in files where file.hasPrefix("SearchParameter-") {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(file)),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let url = json["url"] as? String
            else { continue }
            definitions[url] = json
        }
        return definitions
    }

    @Test func everyListedParameterIsAnOfficialDefinitionTheSearchAccepts() async throws {
        try await TestGateway.run { client, _ in
            let metadata = try await client.fhir(.get, "metadata")
            let resources = ((metadata.json["rest"] as? [[String: Any]])?.first?["resource"] as? [[String: Any]]) ?? []
            let official = Self.official()
            var listed = 0
            for resource in resources {
                let type = resource["type"] as? String ?? ""
                for parameter in resource["searchParam"] as? [[String: Any]] ?? [] {
                    listed += 1
                    let name = parameter["name"] as? String ?? ""
                    let url = parameter["definition"] as? String ?? ""
                    let definition = try #require(official[url], "\(type).\(name): \(url) is not an R4 definition")
                    #expect(definition["code"] as? String == name, "\(url)")
                    #expect(definition["type"] as? String == parameter["type"] as? String, "\(url)")
                    #expect(((definition["base"] as? [String]) ?? []).contains(type) || (definition["base"] as? [String]) == ["Resource"],
                            "\(url) applies to \(type)")
                    #expect(!(parameter["documentation"] as? String ?? "").isEmpty)
                    let search = try await client.fhir(.get, "\(type)?\(name)=\(Self.sampleValue(parameter["type"] as? String))")
                    #expect(search.status == .ok, "\(type)?\(name): \(search.bodyText)")
                }
                if type == "Patient" {
                    #expect(resource["searchRevInclude"] as? [String] == ["Observation:subject", "Observation:patient"])
                }
                if type == "Observation" {
                    #expect(resource["searchInclude"] as? [String] == ["Observation:subject", "Observation:patient"])
                }
            }
            #expect(listed == 25)
            let profiles = try FileManager.default.contentsOfDirectory(atPath: FHIRSchema.repository.appendingPathComponent("Profiles").path)
            #expect(profiles.filter { $0.hasPrefix("SearchParameter-") } == [], "every parameter is the base spec's")
        }
    }

    static func sampleValue(_ type: String?) -> String {
        switch type {
        case "date": return "ge2020"
        case "quantity": return "gt1"
        case "reference": return "Patient/1"
        default: return "a"
        }
    }
}
