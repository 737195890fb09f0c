import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Requests and checks for the FHIR API tests.
extension TestClientProtocol {
    func fhir(
        _ method: HTTPRequest.Method, _ uri: String, body: String? = nil, headers extra: [String: String] = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = "application/fhir+json" }
        for (name, value) in extra {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return try await execute(uri: "/fhir/" + uri, method: method, headers: headers,
                                 body: body.map { ByteBuffer(string: $0) })
    }

    /// Creates the sample Patient and returns its id.
    func createSamplePatient(_ file: String = "patient.json") async throws -> String {
        let created = try await fhir(.post, "Patient", body: try FHIRSamples.text(file))
        #expect(created.status == .created, "\(created.bodyText)")
        return try #require(created.json["id"] as? String)
    }
}

extension TestResponse {
    /// The issues of an OperationOutcome body.
    var issues: [[String: Any]] { json["issue"] as? [[String: Any]] ?? [] }

    /// The first issue's diagnostics and expression, for error checks.
    var firstIssue: (code: String?, diagnostics: String, expression: String?) {
        let issue = issues.first ?? [:]
        return (issue["code"] as? String, issue["diagnostics"] as? String ?? "",
                (issue["expression"] as? [String])?.first)
    }
}

/// A GET that must fail with an OperationOutcome: its status, a part of the first issue's diagnostics,
/// and that issue's expression.
struct OutcomeCase: Sendable, CustomStringConvertible {
    var path: String
    var status: HTTPResponse.Status
    var diagnostics: String
    var expression: String?
    var description: String { path }

    /// Checks the answer to `path`: status, FHIR JSON content type, an OperationOutcome, its first issue.
    func check(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(response.status == status, "\(response.bodyText)", sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/fhir+json; fhirVersion=4.0", sourceLocation: sourceLocation)
        #expect(response.json["resourceType"] as? String == "OperationOutcome", sourceLocation: sourceLocation)
        #expect(response.firstIssue.diagnostics.contains(diagnostics), "\(response.bodyText)", sourceLocation: sourceLocation)
        #expect(response.firstIssue.expression == expression, sourceLocation: sourceLocation)
    }
}

/// The FHIR examples of `Samples/fhir`.
enum FHIRSamples {
    static let folder = FHIRSchema.repository.appendingPathComponent("Samples/fhir")
    static let examples = FHIRSchema.repository.appendingPathComponent("Tests/Fixtures/fhir-r4-examples")

    static func text(_ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }

    /// The sample Observation files, one per mapped measure.
    static func observationFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix("observation-") && $0.hasSuffix(".json") }.sorted()
    }

    /// An Observation sample about the Patient `patientID`.
    static func observation(_ file: String, patient patientID: String) throws -> String {
        try text(file).replacingOccurrences(of: "\"Patient/1\"", with: "\"Patient/\(patientID)\"")
    }
}

/// Collects the FHIR JSON bodies of responses (one per line) and validates them all at once against
/// the official schema.
struct SchemaCorpus {
    private(set) var lines: [String] = []

    mutating func add(_ response: TestResponse) {
        lines.append(String(buffer: response.body))
    }

    /// One resource's JSON (a line of an NDJSON file).
    mutating func add(_ json: String) {
        lines.append(json)
    }

    func problems() throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("fhir-corpus-\(UUID().uuidString).ndjson")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try FHIRSchema.problems(inNDJSON: file)
    }
}
