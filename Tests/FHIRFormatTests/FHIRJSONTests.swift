import FHIRFormat
import FHIRModels
import Foundation
import Testing

@Suite struct FHIRJSONTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/fhir-r4-examples")

    static func exampleFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: examples, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
    }

    func decode(_ text: String) throws -> AnyResource { try FHIRJSON.decode(Array(text.utf8)) }

    func issues(_ text: String) -> [FHIRIssue] {
        do {
            _ = try decode(text)
            return []
        } catch let error as FHIRDecodingError {
            return error.issues
        } catch {
            return [.error(.exception, "\(error)")]
        }
    }

    /// The same JSON with object members sorted: FHIR JSON readers must not depend on member order.
    func normalized(_ node: JSONNode) -> JSONNode {
        switch node {
        case .object(let members):
            return .object(members.map { JSONMember($0.key, normalized($0.value)) }.sorted { $0.key < $1.key })
        case .array(let items): return .array(items.map(normalized))
        default: return node
        }
    }

    /// Every official R4 example decodes without an error and is written back with the same content:
    /// nothing dropped, decimals as written, `_name` extensions in place.
    @Test func everyOfficialExampleSurvivesDecodingAndEncoding() throws {
        let files = try Self.exampleFiles()
        #expect(files.count == 97)
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            let resource: AnyResource
            do {
                resource = try FHIRJSON.decode(bytes)
            } catch {
                Issue.record("\(file.lastPathComponent): \(error)")
                continue
            }
            let original = try JSONParser().parse(bytes)
            let written = try JSONParser().parse(FHIRJSON.encode(resource))
            #expect(normalized(written) == normalized(original), "\(file.lastPathComponent)")
        }
    }

    @Test func primitivesKeepTheirLexicalForm() throws {
        let text = #"{"resourceType":"Observation","status":"final","code":{"text":"x"},"#
            + #""valueQuantity":{"value":1.50,"unit":"mg/dL"},"effectiveDateTime":"2024-05"}"#
        guard case .observation(let observation) = try decode(text) else {
            Issue.record("not an Observation")
            return
        }
        guard case .quantity(let quantity) = observation.value else {
            Issue.record("no quantity")
            return
        }
        #expect(quantity.value?.value == "1.50")
        #expect(String(decoding: FHIRJSON.encode(observation), as: UTF8.self) == text.replacingOccurrences(
            of: #","valueQuantity":{"value":1.50,"unit":"mg/dL"},"effectiveDateTime":"2024-05""#,
            with: #","effectiveDateTime":"2024-05","valueQuantity":{"value":1.50,"unit":"mg/dL"}"#))
    }

    @Test func primitiveExtensionsAreMergedAndWrittenBack() throws {
        let text = #"{"resourceType":"Patient","name":[{"given":["Ann",null],"_given":[null,{"extension":"#
            + #"[{"url":"http://example.org/x","valueString":"y"}]}]}],"birthDate":"1970-03-30","#
            + #""_birthDate":{"id":"b1"}}"#
        guard case .patient(let patient) = try decode(text) else {
            Issue.record("not a Patient")
            return
        }
        #expect(patient.name.first?.given.count == 2)
        #expect(patient.name.first?.given.last?.value == nil)
        #expect(patient.name.first?.given.last?.extensions.first?.url == "http://example.org/x")
        #expect(patient.birthDate?.id == "b1")
        #expect(String(decoding: FHIRJSON.encode(patient), as: UTF8.self) == text)
    }

    @Test(arguments: [
        (#"{"resourceType":"Patient","gender":"male","foo":1}"#, "Patient.foo", "Unknown element 'foo'"),
        (#"{"resourceType":"Patient","birthDate":"1970-13-01"}"#, "Patient.birthDate", "'1970-13-01' is not a valid date"),
        (#"{"resourceType":"Patient","birthDate":"1970-02-30"}"#, "Patient.birthDate", "'1970-02-30' is not a valid date"),
        (#"{"resourceType":"Patient","name":{"family":"X"}}"#, "Patient.name", "'name' is a list"),
        (#"{"resourceType":"Patient","gender":["male"]}"#, "Patient.gender", "'gender' holds one value"),
        (#"{"resourceType":"Patient","active":"true"}"#, "Patient.active", "must be written as a JSON boolean"),
        (#"{"resourceType":"Patient","name":[{"family":null}]}"#, "Patient.name[0].family", "null is not allowed"),
        (#"{"resourceType":"Patient","name":[]}"#, "Patient.name", "must not be empty"),
        (#"{"resourceType":"Patient","name":[{}]}"#, "Patient.name[0]", "must not be empty"),
        (#"{"resourceType":"Patient","gender":""}"#, "Patient.gender", "empty string"),
        (#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":"7"}}"#,
         "Observation.valueQuantity.value", "must be written as a JSON number"),
        (#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueString":"a","valueBoolean":true}"#,
         "Observation.valueBoolean", "Only one of"),
        (#"{"resourceType":"Observation","code":{"text":"x"}}"#, "Observation.status", "Missing required element 'status'"),
        (#"{"resourceType":"Observation","status":"final","code":{"text":"x"},"effectiveDateTime":"2020-01-01T10:00"}"#,
         "Observation.effectiveDateTime", "is not a valid dateTime"),
        (#"{"resourceType":"Patient","extension":[{"url":"http://x.org/a"}]}"#, "Patient.extension[0]", "ext-1"),
    ])
    func problemsAreReportedWithTheirFHIRPath(text: String, expression: String, message: String) {
        let found = issues(text)
        #expect(found.contains { $0.expression == expression && $0.diagnostics.contains(message) },
                "\(found)")
    }

    @Test func everyProblemOfAResourceIsReportedAtOnce() {
        let found = issues(#"{"resourceType":"Patient","foo":1,"birthDate":"x","gender":["male"]}"#)
        #expect(found.count == 3)
    }

    @Test(arguments: [
        (#"{"resourceType":"Patientx"}"#, "'Patientx' is not a FHIR R4 resource type"),
        (#"{"gender":"male"}"#, "no 'resourceType'"),
        (#"[1]"#, "must be a JSON object"),
        (#"{"resourceType":"Patient","#, "not valid JSON"),
    ])
    func notAResourceIsReported(text: String, message: String) {
        let found = issues(text)
        #expect(found.contains { $0.diagnostics.contains(message) }, "\(found)")
    }
}
