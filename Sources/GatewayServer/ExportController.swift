import FHIRModels
import Foundation
import Hummingbird
import HTTPTypes
import Interactions
import NativeModel
import NIOCore
import Store

/// The status URL and the files of Bulk Data exports
/// (http://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-status-request): `GET` answers 202 with
/// `X-Progress` and `Retry-After` while the job runs, 200 with the completion manifest when it is done,
/// 500 with an OperationOutcome when it failed; `DELETE` cancels it and removes its files (202). The
/// files are NDJSON, gzip-compressed as they are sent when the client accepts gzip. A job, its status
/// and its files are its holder's alone: for anyone else they do not exist (404).
struct ExportController<Store: HealthStore> {
    let jobs: ExportJobs<Store>
    let authorization: GatewayAuthorization

    static var statusPath: String { "$export-poll-status" }
    static var filePath: String { "$export-file" }

    func register(on fhir: RouterGroup<GatewayRequestContext>) {
        fhir.get("\(Self.statusPath)/:job", use: status)
        fhir.delete("\(Self.statusPath)/:job", use: cancel)
        fhir.get("\(Self.filePath)/:job/:file", use: file)
    }

    @Sendable func status(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let job = try await job(context)
        switch job.status {
        case .queued, .running:
            return Response(status: .accepted, headers: [.xProgress: job.progressText,
                                                         .retryAfter: String(ExportLimits.retryAfterSeconds)])
        case .completed:
            let base = "\(context.exchange(request).baseURL)/\(Self.filePath)/\(job.id)/"
            let manifest = ExportManifest(job, fileBase: base, requiresAccessToken: authorization.isEnabled)
            var headers: HTTPFields = [.contentType: "application/json"]
            if let finished = job.finishedAt {
                headers[.expires] = finished.adding(milliseconds: jobs.limits.expirySeconds * 1000).imfFixdate
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try manifest.json())))
        case .failed:
            return FHIRResponse.resource(.operationOutcome(OperationOutcomes.outcome([
                .error(.exception, "Export job \(job.id) failed. \(job.message ?? "")"),
            ])), status: .internalServerError, format: .json, pretty: false)
        }
    }

    @Sendable func cancel(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let job = try await job(context)
        guard try await jobs.remove(job.id) else { throw FHIRError(.notFound, "No export job \(job.id)") }
        return FHIRResponse.resource(.operationOutcome(OperationOutcomes.outcome([
            FHIRIssue(.information, .informational, "Export job \(job.id) cancelled; it and its files are removed"),
        ])), status: .accepted, format: .json, pretty: false)
    }

    /// One NDJSON file of a completed job, streamed from disk (gzip-compressed on the way when the
    /// client's `Accept-Encoding` takes gzip).
    @Sendable func file(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = context.parameters.get("job") ?? ""
        let name = context.parameters.get("file") ?? ""
        guard let (_, url) = try await jobs.file(name, of: id, for: context.access),
              let handle = try? FileHandle(forReadingFrom: url)
        else { throw FHIRError(.notFound, "No file \(name) of an export job \(id)") }
        let gzip = Self.acceptsGzip(request.headers[.acceptEncoding])
        var headers: HTTPFields = [.contentType: "application/fhir+ndjson"]
        if gzip { headers[.contentEncoding] = "gzip" }
        let length = gzip ? nil : (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue
        return Response(status: .ok, headers: headers, body: ResponseBody(contentLength: length) { writer in
            defer { try? handle.close() }
            let deflater = gzip ? try GzipDeflater() : nil
            while let data = try handle.read(upToCount: 1 << 16), !data.isEmpty {
                let block = ByteBuffer(bytes: data)
                if let deflater {
                    try await deflater.deflate(block) { try await writer.write($0) }
                } else {
                    try await writer.write(block)
                }
            }
            try await deflater?.finish { try await writer.write($0) }
            try await writer.finish(nil)
        })
    }

    /// Whether `Accept-Encoding` takes gzip (listed without `q=0`; RFC 9110 §12.5.3).
    static func acceptsGzip(_ header: String?) -> Bool {
        (header ?? "").split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" else { return false }
            return !parts.dropFirst().contains { $0.hasPrefix("q=") && (Double($0.dropFirst(2)) ?? 1) == 0 }
        }
    }

    private func job(_ context: GatewayRequestContext) async throws -> ExportJob {
        let id = context.parameters.get("job") ?? ""
        guard let job = try await jobs.job(id, for: context.access) else { throw FHIRError(.notFound, "No export job \(id)") }
        return job
    }
}
