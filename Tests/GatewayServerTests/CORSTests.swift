import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// CORS for browser apps: the configured origins get the headers (errors included), a preflight is
/// answered before authorization, and other origins, or a gateway without origins, get none.
@Suite struct CORSTests {
    static let app = "https://app.example.org"

    static func preflight(_ client: some TestClientProtocol, origin: String, path: String = "/fhir/Patient") async throws
        -> TestResponse
    {
        try await client.execute(uri: path, method: .options,
                                 headers: [.origin: origin, .accessControlRequestMethod: "POST",
                                           .accessControlRequestHeaders: "authorization, content-type, prefer"],
                                 body: nil)
    }

    @Test func anAllowedOriginIsAnsweredBeforeAuthorizationAndEveryAnswerCarriesTheHeaders() async throws {
        try await AuthGateway.run(configure: { $0.cors = GatewayCORS(origins: [Self.app, "http://localhost:3000/"]) }) { client, _ in
            let preflight = try await Self.preflight(client, origin: Self.app)
            #expect(preflight.status == .noContent, "no token needed for a preflight: \(preflight.bodyText)")
            #expect(preflight.headers[.accessControlAllowOrigin] == Self.app)
            let methods = preflight.headers[.accessControlAllowMethods] ?? ""
            #expect(["GET", "POST", "PUT", "DELETE", "PATCH"].allSatisfy(methods.contains))
            let headers = (preflight.headers[.accessControlAllowHeaders] ?? "").lowercased()
            #expect(["authorization", "content-type", "prefer", "if-match", "if-none-exist"].allSatisfy(headers.contains))
            #expect(preflight.headers[.accessControlMaxAge] == "600")
            #expect(preflight.headers[.vary] == "Origin")

            let read = try await client.call(.get, "/fhir/Patient/1", token: .system, headers: [.origin: Self.app])
            #expect(read.status == .ok)
            #expect(read.headers[.accessControlAllowOrigin] == Self.app)
            let exposed = read.headers[.accessControlExposeHeaders] ?? ""
            #expect(["Location", "ETag", "Content-Location", "X-Progress"].allSatisfy(exposed.contains))
            let refused = try await client.call(.get, "/fhir/Patient/1", token: .none, headers: [.origin: Self.app])
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.accessControlAllowOrigin] == Self.app, "the app can read why it was refused")
            let native = try await client.call(.get, "/api/v1/users/1", token: .none,
                                               headers: [.origin: "http://localhost:3000"])
            #expect(native.headers[.accessControlAllowOrigin] == "http://localhost:3000")

            let stranger = try await Self.preflight(client, origin: "https://evil.example")
            #expect(stranger.headers[.accessControlAllowOrigin] == nil && stranger.status != .noContent)
            let strangerRead = try await client.call(.get, "/fhir/Patient/1", token: .system,
                                                     headers: [.origin: "https://evil.example"])
            #expect(strangerRead.status == .ok && strangerRead.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func everyOriginWithAStarAndNoneByDefault() async throws {
        try await TestGateway.run(configure: { $0.cors = GatewayCORS(origins: ["*"]) }) { client, _ in
            let response = try await client.execute(uri: "/fhir/metadata", method: .get, headers: [.origin: "https://any.example"],
                                                    body: nil)
            #expect(response.headers[.accessControlAllowOrigin] == "*")
            #expect(try await Self.preflight(client, origin: "https://any.example").status == .noContent)
        }
        try await TestGateway.run { client, _ in
            let response = try await client.execute(uri: "/fhir/metadata", method: .get, headers: [.origin: Self.app], body: nil)
            #expect(response.status == .ok && response.headers[.accessControlAllowOrigin] == nil)
            #expect(try await Self.preflight(client, origin: Self.app).headers[.accessControlAllowOrigin] == nil)
        }
    }
}
