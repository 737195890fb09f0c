import FHIRFormat
import FHIRModels
import Foundation
import Interactions
import Mapping
import NativeModel
import Search

/// The decoders that read what clients send, each as a function of arbitrary bytes that must return,
/// whatever the bytes: coverage-guided fuzzing (`scripts/fuzz`, libFuzzer) drives them, and
/// `FuzzRegressionTests` replays every input that ever crashed one. Errors thrown for bad input are the
/// expected outcome; a trap, a hang or a memory error is the bug.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The JSON parser under FHIR JSON (`JSONParser`).
    case jsonParser = "json-parser"
    /// FHIR JSON as a lenient transaction posts it: the fast Observation/Bundle reader first, stepping
    /// over the entries of types the gateway does not keep (`JSONSkipper`), the general reader after it
    /// (for the entries the fast reader leaves, or the whole document); what is read is mapped to native
    /// rows (every entry of a Bundle), and written and read again.
    case fastReader = "fast-reader"
    /// FHIR JSON of any resource; what is read is mapped, written and read again.
    case fhirJSON = "fhir-json"
    /// FHIR XML (libxml2's streaming reader); what is read is mapped, written and read again.
    case fhirXML = "fhir-xml"
    /// An `$import` body: NDJSON lines read from a file with a small line limit, each decoded.
    case ndjson = "ndjson"
    /// A search's query string: parsed for Patient and Observation, strictly and leniently, and planned.
    case searchParser = "search-parser"

    /// Runs the target on `bytes`.
    public func run(_ bytes: UnsafeBufferPointer<UInt8>) {
        switch self {
        case .jsonParser: _ = try? JSONParser().parse(bytes)
        case .fastReader:
            Self.roundTrip(bytes, decode: { try FHIRJSON.decode($0, keepingOnly: ["Patient", "Observation"]) },
                           encode: { FHIRJSON.encode($0) })
        case .fhirJSON: Self.roundTrip(bytes, decode: { try FHIRJSON.decode($0) }, encode: { FHIRJSON.encode($0) })
        case .fhirXML: Self.roundTrip(bytes, decode: FHIRXML.decode, encode: { FHIRXML.encode($0) })
        case .ndjson: Self.ndjson(bytes)
        case .searchParser: Self.search(String(decoding: bytes, as: UTF8.self))
        }
    }

    public func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { run($0) }
    }

    /// Decodes; what decodes is mapped as a create would map it, and must encode, and the encoding
    /// must decode again.
    private static func roundTrip(_ bytes: UnsafeBufferPointer<UInt8>, decode: ([UInt8]) throws -> AnyResource,
                                  encode: (AnyResource) -> [UInt8]) {
        guard let resource = try? decode(Array(bytes)) else { return }
        map(resource)
        _ = try? decode(encode(resource))
    }

    /// The inbound mapping of a Patient, an Observation, or each of a Bundle's.
    private static func map(_ resource: AnyResource) {
        switch resource {
        case .patient(let patient): _ = try? PatientMapping.user(patient)
        case .observation(let observation):
            _ = try? ObservationMapping.measurement(observation, serverBase: "http://localhost/fhir", now: now)
        case .bundle(let bundle): for entry in bundle.entry { if let inner = entry.resource { map(inner) } }
        default: break
        }
    }

    /// The file one process's NDJSON inputs are written to.
    private static let ndjsonFile = FileManager.default.temporaryDirectory
        .appendingPathComponent("health-gateway-fuzz-\(ProcessInfo.processInfo.processIdentifier).ndjson")

    private static func ndjson(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard (try? Data(buffer: bytes).write(to: ndjsonFile)) != nil,
              var reader = try? NDJSONLineReader(ndjsonFile, maximumLineBytes: 4_096)
        else { return }
        defer { reader.close() }
        while let line = try? reader.next() {
            if line.overlongLength == nil { _ = try? FHIRJSON.decode(line.bytes) }
        }
    }

    /// The instant searches are planned at: fixed, so a crash replays the same way.
    private static let now = Instant(millisecondsSince1970: 1_795_132_800_000)

    private static func search(_ query: String) {
        guard let parameters = try? SearchQueryString.parameters(query) else { return }
        for lenient in [false, true] {
            if let patients = try? SearchParser(resourceType: "Patient", lenient: lenient).parse(parameters) {
                _ = try? PatientSearchPlan.userSearch(patients, now: now)
            }
            if let observations = try? SearchParser(resourceType: "Observation", lenient: lenient).parse(parameters) {
                _ = try? ObservationSearchPlan(observations, serverBase: "http://localhost/fhir", now: now)
            }
        }
    }
}
