public import Foundation
import NativeModel

/// The Bulk Data completion manifest (http://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status)
/// of a finished export: the snapshot's moment, the request, and a link and a count per file.
public struct ExportManifest: Codable, Sendable, Hashable {
    public struct File: Codable, Sendable, Hashable {
        public var type: String
        public var url: String
        public var count: Int?
    }

    public var transactionTime: String
    public var request: String
    public var requiresAccessToken: Bool
    public var output: [File]
    /// The OperationOutcome file of what lenient handling left out; empty without warnings.
    public var error: [File]

    /// - Parameter fileBase: the URL the job's files are served under, ending in `/`.
    public init(_ job: ExportJob, fileBase: String, requiresAccessToken: Bool) {
        transactionTime = (job.transactionTime ?? job.submittedAt).description
        request = job.request.request
        self.requiresAccessToken = requiresAccessToken
        output = job.outputs.map { File(type: $0.type, url: fileBase + $0.file, count: $0.count) }
        error = job.request.warnings.isEmpty ? []
            : [File(type: "OperationOutcome", url: fileBase + ExportJob.warningsFile, count: 1)]
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
