public import Foundation
import NativeModel

/// What the status URL of a finished import answers: the Bulk Data completion manifest
/// (http://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status) with, in `output`, the
/// counts per resource type and code instead of files, and in `error` the NDJSON of OperationOutcomes
/// for the lines that failed.
public struct ImportManifest: Codable, Sendable, Hashable {
    public struct Output: Codable, Sendable, Hashable {
        public var type: String
        public var code: String?
        /// The lines of this type and code.
        public var count: Int
        public var imported: Int
        public var updated: Int
        public var unchanged: Int
        public var skipped: Int
        public var failed: Int
    }

    public struct ErrorFile: Codable, Sendable, Hashable {
        public var type = "OperationOutcome"
        public var url: String
        public var count: Int
    }

    public var transactionTime: String
    public var request: String
    public var requiresAccessToken = false
    public var status: String
    /// The lines read (blank ones included).
    public var lines: Int
    public var output: [Output]
    public var error: [ErrorFile]

    /// - Parameter errorURL: where the job's error file is served.
    public init(_ job: ImportJob, errorURL: String) {
        transactionTime = job.submittedAt.description
        request = job.request
        status = job.status.rawValue
        lines = job.linesDone
        output = job.counts.tallies.sorted { $0.key < $1.key }.map { key, tally in
            Output(type: key.resourceType, code: key.code, count: tally.total, imported: tally.imported,
                   updated: tally.updated, unchanged: tally.unchanged, skipped: tally.skipped, failed: tally.failed)
        }
        let failed = job.counts.total.failed
        error = failed > 0 ? [ErrorFile(url: errorURL, count: failed)] : []
    }

    /// The counts the manifest reports, as the job kept them (what a client of `$import` adds up).
    public var counts: ImportCounts {
        var counts = ImportCounts()
        for output in output {
            var tally = ImportTally()
            (tally.imported, tally.updated, tally.unchanged) = (output.imported, output.updated, output.unchanged)
            (tally.skipped, tally.failed) = (output.skipped, output.failed)
            counts.add(tally, for: ImportCountKey(output.type, code: output.code))
        }
        return counts
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
