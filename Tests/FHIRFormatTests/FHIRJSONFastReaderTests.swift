@testable import FHIRFormat
import FHIRModels
import Foundation
import Testing

/// The direct reader is a shortcut only: what it reads, it reads exactly as the general reader does;
/// what it does not know, it leaves to the general reader.
@Suite struct FHIRJSONFastReaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every Observation the repository has in JSON: the Samples, the generated export, the official examples.
    static func observations() throws -> [(String, [UInt8])] {
        var found: [(String, [UInt8])] = []
        for folder in ["Samples/fhir", "Tests/Fixtures/fhir-r4-examples"] {
            let url = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".json") {
                let bytes = Array(try Data(contentsOf: url.appendingPathComponent(name)))
                if String(decoding: bytes.prefix(200), as: UTF8.self).contains("\"Observation\"") { found.append((name, bytes)) }
            }
        }
        let export = try String(contentsOf: root.appendingPathComponent("Samples/ndjson/Observation.ndjson"), encoding: .utf8)
        for (index, line) in export.split(separator: "\n").enumerated() {
            found.append(("Observation.ndjson line \(index + 1)", Array(line.utf8)))
        }
        return found
    }

    @Test func whatItReadsIsWhatTheGeneralReaderReads() throws {
        var shortcuts = 0
        for (name, bytes) in try Self.observations() {
            guard let fast = FHIRJSONFastReader.read(bytes) else { continue }
            shortcuts += 1
            #expect(try FHIRJSON.decodeGenerally(bytes) == fast, "\(name)")
        }
        let export = try Self.observations().filter { $0.0.hasPrefix("Observation.ndjson") }
        #expect(export.allSatisfy { FHIRJSONFastReader.read($0.1) != nil }, "every generated line takes the shortcut")
        #expect(shortcuts > export.count, "the samples take it too")
    }

    @Test func whatItDoesNotKnowGoesToTheGeneralReader() throws {
        let base = #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/1"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":61,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"#
        #expect(FHIRJSONFastReader.read(Array(base.utf8)) != nil)
        let withoutType = base.replacingOccurrences(of: #""resourceType":"Observation","#, with: "")
        let typeNotFirst = withoutType.replacingOccurrences(of: #""subject""#, with: #""resourceType":"Observation","subject""#)
        let variants: [String] = [
            base.replacingOccurrences(of: #""status":"final""#, with: #""status":"final","status":"final""#),  // duplicate
            base.replacingOccurrences(of: #""status":"final","#, with: ""),                                       // required
            base.replacingOccurrences(of: #""final""#, with: #""fi nal ""#),                                       // grammar
            base.replacingOccurrences(of: "Patient/1", with: #"Patient\/1"#),                                     // escape
            base.replacingOccurrences(of: "Patient/1", with: "Patiënt/1"),                                        // not ASCII
            base.replacingOccurrences(of: #""value":61"#, with: #""value":"61""#),                                 // form
            base.replacingOccurrences(of: #""value":61"#, with: #""value":061"#),                                  // grammar
            base.replacingOccurrences(of: #""effectiveDateTime""#, with: #""effectivePeriod":{"start":"2026-11-03"},"effectiveDateTime""#),
            base.replacingOccurrences(of: #""subject""#, with: #""extension":[{"url":"x","valueString":"y"}],"subject""#),
            base.replacingOccurrences(of: #""subject""#, with: #""meta":{"versionId":"1"},"subject""#),
            base.replacingOccurrences(of: #""coding":[{"#, with: #""coding":[],"x":[{"#),
            base.replacingOccurrences(of: #""resourceType":"Observation""#, with: #""resourceType":"Patient""#),
            typeNotFirst,
            base + " x",
            String(base.dropLast()),
            base.replacingOccurrences(of: #""subject""#, with: #""code":{"text":"again"},"subject""#),             // duplicate
            base.replacingOccurrences(of: #""subject""#, with: #""resourceType":"Observation","subject""#),       // duplicate
            base.replacingOccurrences(of: #""subject""#,
                                      with: #""category":[{"text":"a"}],"category":[{"text":"b"}],"subject""#),   // duplicate
        ]
        for variant in variants {
            #expect(FHIRJSONFastReader.read(Array(variant.utf8)) == nil, "\(variant)")
        }
        // The general reader still answers each as before: a resource, or located errors.
        #expect(throws: FHIRDecodingError.self) { try FHIRJSON.decode(Array(variants[1].utf8)) }
        #expect(throws: FHIRDecodingError.self) { try FHIRJSON.decode(Array(variants[5].utf8)) }
        guard case .observation(let escaped) = try FHIRJSON.decode(Array(variants[3].utf8)) else {
            Issue.record("an escaped slash is still an Observation")
            return
        }
        #expect(escaped.subject?.reference?.value == "Patient/1")
        let spaced = " " + base.replacingOccurrences(of: #","#, with: " ,\n ").replacingOccurrences(of: #"":"#, with: #"" : "#)
            .replacingOccurrences(of: "{", with: "{ ").replacingOccurrences(of: "]", with: " ] ") + "\n"
        let fast = try #require(FHIRJSONFastReader.read(Array(spaced.utf8)))
        #expect(try FHIRJSON.decodeGenerally(Array(spaced.utf8)) == fast)
    }

    /// A transaction of every Observation that takes the shortcut, as an EHR or the benchmark posts it.
    static func transaction(_ observations: [[UInt8]], type: String = "transaction") -> String {
        let entries = observations.enumerated().map { index, bytes in
            #"{"fullUrl":"urn:uuid:00000000-0000-4000-8000-\#(String(format: "%012d", index))","resource":"#
                + String(decoding: bytes, as: UTF8.self)
                + #","request":{"method":"POST","url":"Observation","ifNoneExist":"identifier=http://example.org|\#(index)"}}"#
        }
        return #"{"resourceType":"Bundle","id":"b1","type":"\#(type)","entry":["# + entries.joined(separator: ",") + "]}"
    }

    @Test func aBundleOfObservationsIsReadAsTheGeneralReaderReadsIt() throws {
        let observations = try Self.observations().map(\.1).filter { FHIRJSONFastReader.read($0) != nil }
        #expect(observations.count > 20)
        for type in ["transaction", "batch"] {
            let bytes = Array(Self.transaction(observations, type: type).utf8)
            let fast = try #require(FHIRJSONFastReader.read(bytes))
            #expect(try FHIRJSON.decodeGenerally(bytes) == fast)
            guard case .bundle(let bundle) = fast else {
                Issue.record("not a Bundle")
                continue
            }
            #expect(bundle.entry.count == observations.count)
            #expect(bundle.entry.last?.request?.ifNoneExist?.value == "identifier=http://example.org|\(observations.count - 1)")
        }
    }

    @Test func aBundleWithAnythingElseGoesToTheGeneralReader() throws {
        let observation = try #require(try Self.observations().map(\.1).first { FHIRJSONFastReader.read($0) != nil })
        let base = Self.transaction([observation])
        #expect(FHIRJSONFastReader.read(Array(base.utf8)) != nil)
        let patient = try Data(contentsOf: Self.root.appendingPathComponent("Samples/fhir/patient.json"))
        let variants: [String] = [
            Self.transaction([Array(patient)]),                                                         // another resource type
            Self.transaction([Array(base.utf8)]),                                                       // a Bundle in a Bundle
            base.replacingOccurrences(of: #""type":"transaction","#, with: ""),                         // required type
            base.replacingOccurrences(of: #","url":"Observation""#, with: ""),                          // required url
            base.replacingOccurrences(of: #""request":{"#, with: #""search":{"mode":"match"},"request":{"#),
            base.replacingOccurrences(of: #""id":"b1","#, with: #""id":"b1","timestamp":"2026-11-01T00:00:00Z","#),
            base.replacingOccurrences(of: #""method":"POST""#, with: #""method":"POST ""#),             // grammar
            base.replacingOccurrences(of: #""entry":["#, with: #""entry":[],"x":["#),
            base.replacingOccurrences(of: #""id":"b1","#, with: #""id":"b1","id":"b2","#),              // duplicate
        ]
        for variant in variants {
            #expect(FHIRJSONFastReader.read(Array(variant.utf8)) == nil, "\(variant.prefix(300))")
        }
        // The EHR sample (Patients, unmapped resources) is read by the general reader, as before.
        let ehr = Array(try Data(contentsOf: Self.root.appendingPathComponent("Samples/fhir/transaction-ehr.json")))
        #expect(FHIRJSONFastReader.read(ehr) == nil)
        guard case .bundle = try FHIRJSON.decode(ehr) else {
            Issue.record("the EHR transaction is a Bundle")
            return
        }
    }
}
