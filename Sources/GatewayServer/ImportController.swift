import Access
import FHIRModels
import Foundation
import Hummingbird
import HTTPTypes
import Interactions
import NIOCore
import Store

/// `POST /fhir/$import`: NDJSON in, imported in the background, in the asynchronous style of FHIR
/// Bulk Data (http://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-kick-off-request): the body is
/// saved (un-gzipped when `Content-Encoding: gzip`), the answer is `202 Accepted` with the status URL
/// in `Content-Location`. `GET` on it answers 202 with `X-Progress` while the job runs and 200 with the
/// manifest when it is done; `DELETE` cancels and forgets the job (what it committed stays).
struct ImportController<Store: HealthStore> {
    let jobs: ImportJobs<Store>

    static var statusPath: String { "$import-poll-status" }
    static var mediaTypes: Set<String> { ["application/fhir+ndjson", "application/ndjson", "application/x-ndjson"] }

    func register(on fhir: RouterGroup<GatewayRequestContext>) {
        fhir.post("$import", use: authorized(kickOff))
        fhir.get("\(Self.statusPath)/:job", use: authorized(status))
        fhir.delete("\(Self.statusPath)/:job", use: authorized(cancel))
        fhir.get("\(Self.statusPath)/:job/errors", use: authorized(errors))
    }

    /// Imports write any patient's data and their jobs report on it: they need system-level create and
    /// update on Patient and Observation (`system/*.cu` or more), checked before the body is read.
    func authorized(_ handler: @escaping @Sendable (Request, GatewayRequestContext) async throws -> Response)
        -> @Sendable (Request, GatewayRequestContext) async throws -> Response
    {
        { request, context in
            for type in ["Patient", "Observation"] {
                for verb in [AccessVerb.create, .update] where !context.access.reach(verb, on: type).isEverything {
                    throw FHIRError.forbidden("system/\(type).\(verb.rawValue) (every patient)", for: "$import")
                }
            }
            return try await handler(request, context)
        }
    }

    @Sendable func kickOff(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let mediaType = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard Self.mediaTypes.contains(mediaType) else {
            throw FHIRError(.unsupportedMediaType, "$import takes NDJSON (Content-Type: application/fhir+ndjson), not "
                + (mediaType.isEmpty ? "a body without Content-Type" : mediaType))
        }
        let encoding = request.headers[.contentEncoding]?.lowercased().trimmingCharacters(in: .whitespaces) ?? "identity"
        guard ["identity", "gzip", "x-gzip"].contains(encoding) else {
            throw FHIRError(.unsupportedMediaType, "Content-Encoding \(encoding) is not supported; send gzip or identity")
        }
        let (id, file) = try await jobs.newInput()
        let bytes: Int64
        let base = context.exchange(request).baseURL
        do {
            bytes = try await Self.save(request.body, to: file, gzip: encoding != "identity", limits: jobs.limits)
            guard bytes > 0 else { throw FHIRError(.invalid, "The request has no body: send NDJSON, one resource per line") }
            AuditScope.current?.touch(entity: "import-job/\(id)")  // in the record the job's creation commits with
            _ = try await jobs.start(id: id, inputs: [ImportInput(path: file.path, bytes: bytes, owned: true)],
                                     request: "\(base)/$import", serverBase: base)
        } catch {
            await jobs.discardInput(id: id, file: file)
            if let failure = error as? GzipInflater.Failure { throw FHIRError(.invalid, failure.description) }
            throw error
        }
        let statusURL = "\(base)/\(Self.statusPath)/\(id)"
        var response = FHIRResponse.resource(.operationOutcome(OperationOutcomes.outcome([
            FHIRIssue(.information, .informational, "Import job \(id) accepted (\(bytes) bytes of NDJSON); "
                      + "its status is at \(statusURL)"),
        ])), status: .accepted, format: .json, pretty: false)
        response.headers[.contentLocation] = statusURL
        return response
    }

    @Sendable func status(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let job = try await job(context)
        switch job.status {
        case .queued, .running:
            return Response(status: .accepted, headers: [.xProgress: job.progressText, .retryAfter: "1"])
        case .completed:
            let manifest = ImportManifest(job, errorURL: "\(context.exchange(request).baseURL)/\(Self.statusPath)/\(job.id)/errors")
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try manifest.json())))
        case .failed:
            return FHIRResponse.resource(.operationOutcome(OperationOutcomes.outcome([
                .error(.exception, "Import job \(job.id) failed. \(job.message ?? "")"),
            ])), status: .internalServerError, format: .json, pretty: false)
        }
    }

    @Sendable func cancel(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = context.parameters.get("job") ?? ""
        guard try await jobs.remove(id) else { throw FHIRError(.notFound, "No import job \(id)") }
        return FHIRResponse.resource(.operationOutcome(OperationOutcomes.outcome([
            FHIRIssue(.information, .informational, "Import job \(id) cancelled and removed; what it committed stays"),
        ])), status: .accepted, format: .json, pretty: false)
    }

    /// The per-line OperationOutcomes, as NDJSON, streamed from the job's error file.
    @Sendable func errors(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let job = try await job(context)
        let url = jobs.errorFile(job.id)
        let length = job.errorBytes
        return Response(status: .ok, headers: [.contentType: "application/fhir+ndjson"],
                        body: ResponseBody(contentLength: Int(length)) { writer in
            guard length > 0 else { return try await writer.finish(nil) }
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            var remaining = length
            while remaining > 0, let data = try handle.read(upToCount: Int(min(remaining, 1 << 16))), !data.isEmpty {
                remaining -= Int64(data.count)
                try await writer.write(ByteBuffer(bytes: data))
            }
            try await writer.finish(nil)
        })
    }

    private func job(_ context: GatewayRequestContext) async throws -> ImportJob {
        let id = context.parameters.get("job") ?? ""
        guard let job = try await jobs.job(id) else { throw FHIRError(.notFound, "No import job \(id)") }
        return job
    }

    /// Writes the body to `file`, decompressing it when `gzip`; the plain bytes written. A body larger
    /// than `limits.maximumUploadBytes`, or one that inflates past `limits.maximumDecompressedBytes`, is
    /// 413 as soon as it gets there: neither is ever read or written whole.
    static func save(_ body: RequestBody, to file: URL, gzip: Bool, limits: ImportLimits) async throws -> Int64 {
        guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
            throw FHIRError(.fault, "Cannot create the import file")
        }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        var uploaded: Int64 = 0
        var written: Int64 = 0
        let inflater = gzip ? try GzipInflater() : nil
        for try await buffer in body {
            uploaded += Int64(buffer.readableBytes)
            guard uploaded <= limits.maximumUploadBytes else {
                throw FHIRError(.tooLarge, "The body is larger than the \(limits.maximumUploadBytes) bytes an import may "
                    + "upload (import.maxUploadBytes)")
            }
            if let inflater {
                try inflater.inflate(buffer) { plain in
                    written += Int64(plain.readableBytes)
                    guard written <= limits.maximumDecompressedBytes else {
                        throw FHIRError(.tooLarge, "The gzip body inflates to more than the \(limits.maximumDecompressedBytes) "
                            + "bytes an import may hold (import.maxDecompressedBytes)")
                    }
                    try handle.write(contentsOf: plain.readableBytesView)
                }
            } else {
                try handle.write(contentsOf: buffer.readableBytesView)
                written += Int64(buffer.readableBytes)
            }
        }
        try inflater?.finish()
        return written
    }
}
