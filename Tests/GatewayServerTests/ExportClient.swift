import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// A Bulk Data client for the tests: kicks an export off, polls its status URL to the end, reads its
/// manifest and downloads its files, as a client of the specification would.
struct ExportClient {
    let client: any TestClientProtocol
    var token: AuthGateway.Token = .none

    /// The path and query of an absolute URL the gateway wrote (`http://localhost/fhir/…` → `/fhir/…`).
    static func path(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        return String(rest[(rest.firstIndex(of: "/") ?? rest.endIndex)...])
    }

    /// The kick-off's answer.
    func kickOff(_ uri: String, method: HTTPRequest.Method = .get, body: String? = nil,
                 prefer: String = "respond-async") async throws -> TestResponse {
        var headers: HTTPFields = [.accept: "application/fhir+json"]
        if !prefer.isEmpty { headers[HTTPField.Name("Prefer")!] = prefer }
        return try await client.call(method, uri, token: token, body: body, headers: headers)
    }

    /// Kicks off and waits for the end: the final status answer (200 with the manifest, or an error).
    func export(_ uri: String, method: HTTPRequest.Method = .get, body: String? = nil, prefer: String = "respond-async",
                sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        let accepted = try await kickOff(uri, method: method, body: body, prefer: prefer)
        #expect(accepted.status == .accepted, "\(uri): \(accepted.bodyText)", sourceLocation: sourceLocation)
        let location = try #require(accepted.headers[.contentLocation], sourceLocation: sourceLocation)
        return try await finish(Self.path(location))
    }

    /// Polls a status path until it answers something else than 202.
    func finish(_ statusPath: String) async throws -> TestResponse {
        var response = try await client.call(.get, statusPath, token: token)
        for _ in 0..<600 where response.status == .accepted {
            #expect(response.headers[HTTPField.Name("X-Progress")!] != nil)
            #expect(response.headers[.retryAfter] != nil)
            try await Task.sleep(for: .milliseconds(20))
            response = try await client.call(.get, statusPath, token: token)
        }
        return response
    }

    /// The manifest's files of `type`, in order, each as its lines.
    func files(_ manifest: TestResponse, type: String) async throws -> [[String]] {
        var files: [[String]] = []
        for output in manifest.json["output"] as? [[String: Any]] ?? [] where output["type"] as? String == type {
            let url = try #require(output["url"] as? String)
            let response = try await client.call(.get, Self.path(url), token: token)
            #expect(response.status == .ok, "\(url): \(response.bodyText)")
            #expect(response.headers[.contentType] == "application/fhir+ndjson")
            let lines = response.bodyText.split(separator: "\n").map(String.init)
            #expect(lines.count == output["count"] as? Int, "\(url): the manifest's count")
            files.append(lines)
        }
        return files
    }

    /// Every line of the manifest's files of `type`, as JSON objects.
    func resources(_ manifest: TestResponse, type: String) async throws -> [[String: Any]] {
        try await files(manifest, type: type).flatMap { $0 }.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }
}

extension TestResponse {
    /// The `Type/id` of each resource of NDJSON lines.
    static func addresses(_ resources: [[String: Any]]) -> [String] {
        resources.map { "\($0["resourceType"] as? String ?? "?")/\($0["id"] as? String ?? "?")" }
    }
}
