import FHIRFormat
import FHIRModels
import Foundation
import Testing

/// One model, two formats: JSON → model → XML → model → JSON gives back the same JSON.
@Suite struct FHIRRoundTripTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Samples/fhir")

    static func throughXML(_ json: [UInt8]) throws -> (original: [UInt8], again: [UInt8]) {
        let resource = try FHIRJSON.decode(json)
        let again = try FHIRXML.decode(FHIRXML.encode(resource))
        return (FHIRJSON.encode(resource), FHIRJSON.encode(again))
    }

    @Test func everySampleSurvivesJSONToXMLToJSON() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.samples, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        #expect(files.count == 19)
        for file in files {
            let (original, again) = try Self.throughXML(Array(try Data(contentsOf: file)))
            #expect(again == original, "\(file.lastPathComponent)")
            // The XML twin in Samples/ is the same resource.
            let twin = file.deletingPathExtension().appendingPathExtension("xml")
            #expect(FHIRJSON.encode(try FHIRXML.decode(Array(try Data(contentsOf: twin)))) == original,
                    "\(twin.lastPathComponent)")
        }
    }

    /// Bundles, OperationOutcomes and Parameters among the official examples, where every element in
    /// them is one the gateway models. (Elements kept as they came, such as a Medication in a Bundle or
    /// a Patient's contacts, have no type to give them their JSON forms, lists and numbers, when they
    /// come from XML; the gateway never writes them.)
    @Test func officialBundlesOutcomesAndParametersSurviveJSONToXMLToJSON() throws {
        var checked: [String: Int] = [:]
        for file in try FHIRJSONTests.exampleFiles() {
            guard case let resource = try FHIRJSON.decode(Array(try Data(contentsOf: file))),
                  ["Bundle", "OperationOutcome", "Parameters"].contains(resource.resourceType),
                  !Self.containsOtherResources(resource.node), !Self.keepsElements(resource)
            else { continue }
            let (original, again) = try Self.throughXML(Array(try Data(contentsOf: file)))
            // libxml2 writes a narrative's `&quot;` back as `"`: the same XHTML.
            let expected = String(decoding: original, as: UTF8.self).replacingOccurrences(of: "&quot;", with: "\\\"")
            let written = String(decoding: again, as: UTF8.self)
            let difference = zip(written, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
            #expect(written == expected, "\(file.lastPathComponent): \(written.dropFirst(max(0, difference - 60)).prefix(160))")
            checked[resource.resourceType, default: 0] += 1
        }
        #expect(checked["OperationOutcome"] == 6)
        #expect(checked["Parameters"] == 1)
        #expect(checked["Bundle", default: 0] >= 1)
    }

    static func containsOtherResources(_ node: ElementNode) -> Bool {
        if case .resource(let type, _) = node.content,
           !["Patient", "Observation", "Bundle", "OperationOutcome", "Parameters", "CapabilityStatement"].contains(type) {
            return true
        }
        return node.children.contains(where: containsOtherResources)
    }

    static func keepsElements(_ resource: AnyResource) -> Bool {
        switch resource {
        case .patient(let patient): return !patient.keptElements.isEmpty
        case .observation(let observation): return !observation.keptElements.isEmpty
        case .bundle(let bundle):
            return !bundle.keptElements.isEmpty || bundle.entry.contains { $0.resource.map(keepsElements) ?? false }
        default: return false
        }
    }

    @Test func aCapabilityStatementSurvivesJSONToXMLToJSON() throws {
        var statement = CapabilityStatement(status: "active", date: "2026-11-22", kind: "instance", fhirVersion: "4.0.1",
                                            format: ["json", "xml"])
        statement.rest = [CapabilityStatementRest(mode: "server", resource: [CapabilityStatementResource(
            type: "Patient", interaction: [CapabilityStatementInteraction(code: "read")], updateCreate: FHIRBoolean(true))])]
        let (original, again) = try Self.throughXML(FHIRJSON.encode(statement))
        #expect(again == original)
    }
}
