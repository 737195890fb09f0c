@testable import FHIRFormat
import FHIRModels
import Foundation
import Testing

/// A Bundle is read entry by entry: the direct reader takes what it can, the general reader each
/// resource it cannot; a lenient transaction steps over the entries of types the gateway does not keep,
/// checking their JSON (issue 21).
@Suite struct BundleEntryReadingTests {
    static let observation = #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"urn:uuid:p"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":61,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"#
    static let patient = #"{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"M1"}],"name":[{"family":"Silva"}],"gender":"female"}"#
    static let claim = #"{"resourceType":"Claim","status":"active","use":"claim","patient":{"reference":"urn:uuid:p"},"item":[{"sequence":1,"productOrService":{"text":"Consultation \u00e9 ✓"},"net":{"value":125.5e0,"currency":"EUR"}}],"total":{"value":-0.5,"currency":"EUR"}}"#
    /// Every kind of JSON value, in a Claim the general reader would refuse as FHIR: a skipped entry's
    /// JSON is checked, not its FHIR.
    static let oddClaim = claim.replacingOccurrences(of: #","total""#, with: #","note":[true,false,null,[],{}],"total""#)

    static func bundle(_ resources: [String]) -> [UInt8] {
        let entries = resources.enumerated().map { index, resource in
            let type = resource.split(separator: "\"")[3]
            return #"{"fullUrl":"urn:uuid:e\#(index)","resource":\#(resource),"request":{"method":"POST","url":"\#(type)"}}"#
        }
        return Array(#"{"resourceType":"Bundle","type":"transaction","entry":[\#(entries.joined(separator: ","))]}"#.utf8)
    }

    @Test func aBundleWithResourcesTheDirectReaderLeavesReadsAsTheGeneralReaderReadsIt() throws {
        let bytes = Self.bundle([Self.patient, Self.observation, Self.claim, Self.observation])
        let read = try FHIRJSON.decode(bytes)
        #expect(read == (try FHIRJSON.decodeGenerally(bytes)))
        let deferred = try #require(bytes.withUnsafeBufferPointer { FHIRJSONFastReader.read($0, keepingOnly: nil) }).1
        #expect(deferred.map(\.index) == [0, 2], "the Patient and the Claim go to the general reader, alone")
        let ehr = try Array(Data(contentsOf: FHIRJSONFastReaderTests.root.appendingPathComponent("Samples/fhir/transaction-ehr.json")))
        #expect(try FHIRJSON.decode(ehr) == (try FHIRJSON.decodeGenerally(ehr)))
    }

    @Test func aLenientTransactionKeepsOnlyTheTypeOfWhatItSkips() throws {
        let bytes = Self.bundle([Self.patient, Self.oddClaim, Self.observation])
        guard case .bundle(let bundle) = try FHIRJSON.decode(bytes, keepingOnly: ["Patient", "Observation"]) else {
            Issue.record("not a Bundle")
            return
        }
        guard case .other(let type, let children)? = bundle.entry[1].resource else {
            Issue.record("the Claim was read: \(String(describing: bundle.entry[1].resource))")
            return
        }
        #expect(type == "Claim" && children.isEmpty)
        #expect(bundle.entry[1].request?.url?.value == "Claim" && bundle.entry[1].fullUrl?.value == "urn:uuid:e1")
        guard case .patient(let patient)? = bundle.entry[0].resource, case .observation? = bundle.entry[2].resource else {
            Issue.record("the kept entries were not read")
            return
        }
        #expect(patient.gender?.value == "female")
    }

    /// Skipped is not unchecked: malformed JSON anywhere is still a 400 from the general reader.
    @Test(arguments: [
        ("a raw control character", Self.oddClaim.replacingOccurrences(of: "Consultation", with: "Consul\ttation")),
        ("a bad escape", Self.claim.replacingOccurrences(of: #"\u00e9"#, with: #"\x"#)),
        ("a bad number", Self.claim.replacingOccurrences(of: "125.5e0", with: "125.")),
        ("a leading zero", Self.claim.replacingOccurrences(of: "125.5e0", with: "0125")),
        ("a missing comma", Self.claim.replacingOccurrences(of: #""status":"active","#, with: #""status":"active""#)),
        ("a trailing comma", Self.oddClaim.replacingOccurrences(of: "null,[]", with: "null,[],")),
        ("an unclosed object", String(Self.claim.dropLast())),
        ("a bad literal", Self.oddClaim.replacingOccurrences(of: "true", with: "tru")),
        ("too deep", #"{"resourceType":"Claim","x":"# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"),
    ])
    func malformedJSONInASkippedEntryIsStillRefused(what: String, claim: String) throws {
        let bytes = Self.bundle([Self.patient, claim])
        #expect(throws: FHIRDecodingError.self, "\(what)") { try FHIRJSON.decode(bytes, keepingOnly: ["Patient", "Observation"]) }
    }

    @Test func invalidUTF8InASkippedEntryIsRefused() throws {
        var bytes = Self.bundle([Self.oddClaim])
        let text = Array("Consultation".utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: text) })
        for bad: [UInt8] in [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x28, 0xA1]] {
            var broken = bytes
            broken.replaceSubrange(at..<at + 1, with: bad)
            #expect(throws: FHIRDecodingError.self) { try FHIRJSON.decode(broken, keepingOnly: ["Observation"]) }
        }
        bytes.replaceSubrange(at..<at + 1, with: [0xE2, 0x9C, 0x93])  // ✓, well formed
        #expect(throws: Never.self) { try FHIRJSON.decode(bytes, keepingOnly: ["Observation"]) }
    }

    /// The general reader's errors in an entry it reads alone name the entry, as when it reads the Bundle.
    @Test func errorsOfAnEntryReadAloneNameTheEntry() throws {
        let bytes = Self.bundle([Self.observation, Self.patient.replacingOccurrences(of: #""gender""#, with: #""colour":"blue","gender""#)])
        do {
            _ = try FHIRJSON.decode(bytes)
            Issue.record("an invalid gender was read")
        } catch let error as FHIRDecodingError {
            #expect(error.issues.compactMap(\.expression) == ["Bundle.entry[1].resource.colour"], "\(error)")
            let general = try? FHIRJSON.decodeGenerally(bytes)
            #expect(general == nil)
        }
    }
}
