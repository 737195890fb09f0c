import Foundation
import FoundationNetworking
import GatewayServer
import Interactions

/// `export`: a Bulk Data client (http://hl7.org/fhir/uv/bulkdata/export.html) of a running gateway:
/// kicks an export off, polls its status as `Retry-After` says while reporting `X-Progress`, downloads
/// every file of the manifest into a folder, and removes the job from the server when it has them.
struct RemoteExport {
    var base: URL
    /// A bearer token, for a gateway with authorization on.
    var token: String?
    var session = URLSession(configuration: .ephemeral)

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What was exported.
    struct Summary {
        var transactionTime: String
        var files: [(type: String, name: String, count: Int)] = []
        /// The diagnostics of the manifest's OperationOutcomes (what lenient handling left out).
        var warnings: [String] = []

        var resources: Int { files.reduce(0) { $0 + $1.count } }
    }

    /// Runs the export with `query` (its parameters) into `folder`; `progress` hears the resources
    /// written so far and, when they can be counted beforehand, how many there will be.
    func run(query: [URLQueryItem], into folder: URL, progress: @escaping @Sendable (ImportProgress) -> Void) async throws
        -> Summary
    {
        let total = await expectedTotal(query)
        var components = URLComponents(url: base.appendingPathComponent("$export"), resolvingAgainstBaseURL: false)
        components?.queryItems = query.isEmpty ? nil : query
        guard let kickOffURL = components?.url else { throw Failure(description: "cannot make a URL of \(base) and \(query)") }
        var kickOff = request(kickOffURL)
        kickOff.setValue("respond-async", forHTTPHeaderField: "Prefer")
        let (answer, response) = try await session.data(for: kickOff)
        guard let http = response as? HTTPURLResponse, http.statusCode == 202,
              let location = http.value(forHTTPHeaderField: "Content-Location"), let status = URL(string: location) else {
            throw Failure(description: "$export was refused (\((response as? HTTPURLResponse)?.statusCode ?? 0)): "
                + String(decoding: answer, as: UTF8.self))
        }
        let manifest = try await poll(status, total: total, progress: progress)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var summary = Summary(transactionTime: manifest.transactionTime)
        for file in manifest.output {
            guard let url = URL(string: file.url) else { throw Failure(description: "the manifest's URL \(file.url) is not a URL") }
            let name = url.lastPathComponent
            let (downloaded, response) = try await session.download(for: request(url))
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                throw Failure(description: "\(file.url) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)")
            }
            let target = folder.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.moveItem(at: downloaded, to: target)
            summary.files.append((file.type, name, file.count ?? 0))
        }
        for file in manifest.error {
            guard let url = URL(string: file.url) else { continue }
            let (data, _) = try await session.data(for: request(url))
            summary.warnings += Self.diagnostics(ofNDJSON: data)
        }
        var forget = request(status)  // the files are here: the job and its files can go
        forget.httpMethod = "DELETE"
        _ = try? await session.data(for: forget)
        return summary
    }

    /// Polls the status URL until the manifest comes (200); a failed job's OperationOutcome is thrown.
    private func poll(_ status: URL, total: Int?, progress: @escaping @Sendable (ImportProgress) -> Void) async throws
        -> ExportManifest
    {
        while true {
            let (data, response) = try await session.data(for: request(status))
            let http = response as? HTTPURLResponse
            switch http?.statusCode ?? 0 {
            case 202:
                let done = Self.resources(inProgress: http?.value(forHTTPHeaderField: "X-Progress") ?? "")
                progress(ImportProgress(bytesDone: Int64(done), bytesTotal: Int64(max(total ?? 0, done)), resources: done))
                let wait = Double(http?.value(forHTTPHeaderField: "Retry-After") ?? "") ?? 1
                try await Task.sleep(for: .milliseconds(Int(min(max(wait, 0.1), 10) * 1000)))
            case 200:
                let manifest = try JSONDecoder().decode(ExportManifest.self, from: data)
                let done = manifest.output.reduce(0) { $0 + ($1.count ?? 0) }
                progress(ImportProgress(bytesDone: Int64(done), bytesTotal: Int64(done), resources: done))
                return manifest
            default:
                let reasons = Self.diagnostics(ofNDJSON: data)
                throw Failure(description: "the export failed: " + (reasons.isEmpty ? String(decoding: data, as: UTF8.self)
                    : reasons.joined(separator: "; ")))
            }
        }
    }

    /// How many resources the export will hold, when that is a count of whole types (no `_since`,
    /// `_typeFilter` or `patient`): what the progress bar measures against.
    private func expectedTotal(_ query: [URLQueryItem]) async -> Int? {
        guard !query.contains(where: { ["_since", "_typeFilter", "patient"].contains($0.name) }) else { return nil }
        let types = query.filter { $0.name == "_type" }.compactMap(\.value).flatMap { $0.split(separator: ",").map(String.init) }
        var total = 0
        for type in types.isEmpty ? ExportRequest.exportableTypes : types {
            guard var components = URLComponents(url: base.appendingPathComponent(type), resolvingAgainstBaseURL: false) else {
                return nil
            }
            components.queryItems = [URLQueryItem(name: "_summary", value: "count")]
            guard let url = components.url, let (data, _) = try? await session.data(for: request(url)),
                  let bundle = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let count = bundle["total"] as? Int
            else { return nil }
            total += count
        }
        return total
    }

    /// A request with the client's headers: FHIR JSON, and the bearer token when there is one.
    private func request(_ url: URL) -> URLRequest {
        var request = URLRequest(url: url)
        request.setValue("application/fhir+json", forHTTPHeaderField: "Accept")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        return request
    }

    /// `running: 1234 resources written, exporting Observation` → 1234.
    static func resources(inProgress text: String) -> Int {
        text.split(whereSeparator: { !$0.isNumber }).first.flatMap { Int($0) } ?? 0
    }

    /// The `diagnostics` of every issue of OperationOutcomes, one per line (or one whole).
    static func diagnostics(ofNDJSON data: Data) -> [String] {
        String(decoding: data, as: UTF8.self).split(separator: "\n").flatMap { line -> [String] in
            guard let outcome = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return [] }
            return (outcome["issue"] as? [[String: Any]] ?? []).compactMap { $0["diagnostics"] as? String }
        }
    }
}
