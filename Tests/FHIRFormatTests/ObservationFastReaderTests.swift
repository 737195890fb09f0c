@testable import FHIRFormat
import FHIRModels
import Foundation
import Testing

/// The direct Observation reader is a shortcut only: what it reads, it reads exactly as the general
/// reader does; what it does not know, it leaves to the general reader.
@Suite struct ObservationFastReaderTests {
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
            guard let fast = ObservationJSONFastReader.read(bytes) else { continue }
            shortcuts += 1
            #expect(try FHIRJSON.decodeGenerally(bytes) == .observation(fast), "\(name)")
        }
        let export = try Self.observations().filter { $0.0.hasPrefix("Observation.ndjson") }
        #expect(export.allSatisfy { ObservationJSONFastReader.read($0.1) != nil }, "every generated line takes the shortcut")
        #expect(shortcuts > export.count, "the samples take it too")
    }

    @Test func whatItDoesNotKnowGoesToTheGeneralReader() throws {
        let base = #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/1"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":61,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"#
        #expect(ObservationJSONFastReader.read(Array(base.utf8)) != nil)
        let variants = [
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
            base + " x",
            String(base.dropLast()),
        ]
        for variant in variants {
            #expect(ObservationJSONFastReader.read(Array(variant.utf8)) == nil, "\(variant)")
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
        let fast = try #require(ObservationJSONFastReader.read(Array(spaced.utf8)))
        #expect(try FHIRJSON.decodeGenerally(Array(spaced.utf8)) == .observation(fast))
    }
}
