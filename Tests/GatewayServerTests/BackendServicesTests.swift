import Auth
import AuthTestSupport
import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import NativeModel
import Store
import Testing

/// SMART Backend Services over HTTP (http://hl7.org/fhir/smart-app-launch/backend-services.html): a
/// registered client trades a signed assertion for a token at `POST /auth/token`, and the gateway then
/// accepts that token alongside the external identity provider's; errors are RFC 6749 JSON, never cached.
@Suite struct BackendServicesTests {
    static let idp = TestIdentityProvider.shared
    static let tokenURL = "http://localhost:8080/auth/token"
    static var now: Double { Double(TestGateway.now.millisecondsSince1970) / 1000 }

    static func register(_ store: any HealthStore, scope: String = "system/*.rs") async throws {
        let client = try BackendClient(id: "etl", keys: .inline(idp.jwks), scope: scope,
                                       registeredAt: Date(timeIntervalSince1970: now))
        try await BackendClients(store: store).register(client)
    }

    /// A token request's form body, percent-encoded.
    static func form(client: String = "etl", scope: String = "system/*.rs", algorithm: TestIdentityProvider.Algorithm = .es384,
                     extra: String = "") async throws -> String {
        let claims = TestTokenClaims(iss: client, sub: client, aud: tokenURL, exp: now + 240, scope: nil, clientID: nil,
                                     jti: UUID().uuidString)
        let assertion = try await idp.token(claims, algorithm: algorithm)
        let encoded = scope.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/.*"))) ?? ""
        return "grant_type=client_credentials&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
            + "&client_assertion=\(assertion)&scope=\(encoded)" + extra
    }

    static func post(_ client: any TestClientProtocol, _ body: String,
                     contentType: String = "application/x-www-form-urlencoded") async throws -> TestResponse {
        try await client.execute(uri: "/auth/token", method: .post, headers: [.contentType: contentType],
                                 body: ByteBuffer(string: body))
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

    @Test func aRegisteredClientGetsATokenAndReadsWithIt() async throws {
        try await AuthGateway.run { client, store in
            try await Self.register(store)
            let response = try await Self.post(client, try await Self.form(scope: "system/*.cruds launch"))
            #expect(response.status == .ok)
            #expect(response.headers[.cacheControl] == "no-store")
            #expect(response.headers[HTTPField.Name("Pragma")!] == "no-cache")
            #expect(response.json["token_type"] as? String == "bearer")
            #expect(response.json["expires_in"] as? Int == 300)
            #expect(response.json["scope"] as? String == "system/*.rs")
            let token = try #require(response.json["access_token"] as? String)
            let search = try await client.execute(uri: "/fhir/Patient", method: .get, headers: Self.bearer(token))
            #expect(search.status == .ok)
            #expect(search.entries.count == 2)
            let write = try await client.execute(uri: "/fhir/Patient/1", method: .delete, headers: Self.bearer(token))
            #expect(write.status == .forbidden)
            // The external identity provider's tokens still work beside the gateway's own.
            #expect(try await client.call(.get, "/fhir/Patient", token: .system).status == .ok)
        }
    }

    @Test func refusalsAreRFC6749JSON() async throws {
        try await AuthGateway.run { client, store in
            try await Self.register(store)
            func expectRefusal(_ response: TestResponse, _ status: HTTPResponse.Status, _ code: String) {
                #expect(response.status == status)
                #expect(response.headers[.contentType] == "application/json")
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.json["error"] as? String == code)
                #expect((response.json["error_description"] as? String)?.isEmpty == false)
            }
            expectRefusal(try await Self.post(client, try await Self.form(client: "nobody")), .unauthorized, "invalid_client")
            expectRefusal(try await Self.post(client, try await Self.form(scope: "system/Patient.c")), .badRequest, "invalid_scope")
            expectRefusal(try await Self.post(client, try await Self.form(algorithm: .es256)), .unauthorized, "invalid_client")
            expectRefusal(try await Self.post(client, try await Self.form(), contentType: "application/json"), .badRequest,
                          "invalid_request")
            expectRefusal(try await Self.post(client, try await Self.form(extra: "&scope=system%2F*.rs")), .badRequest,
                          "invalid_request")
            expectRefusal(try await Self.post(client, "grant_type=password&username=a"), .badRequest, "unsupported_grant_type")
            expectRefusal(try await Self.post(client, "grant_type=client_credentials&client_assertion=%ZZ"), .badRequest,
                          "invalid_request")
            let huge = String(repeating: "a", count: 70_000)
            expectRefusal(try await Self.post(client, "grant_type=client_credentials&client_assertion=\(huge)"), .badRequest,
                          "invalid_request")
            // The same assertion twice: the second is a replay.
            let once = try await Self.form()
            #expect(try await Self.post(client, once).status == .ok)
            expectRefusal(try await Self.post(client, once), .unauthorized, "invalid_client")
        }
    }

    @Test func discoveryNamesTheTokenEndpointAndKeys() async throws {
        try await AuthGateway.run(configure: { configuration in
            configuration.authorization = .smart(SMARTAuthorization(verifier: nil, audience: TestIdentityProvider.audience))
        }) { client, store in
            try await Self.register(store)
            let discovery = try await client.execute(uri: "/fhir/.well-known/smart-configuration", method: .get)
            #expect(discovery.json["token_endpoint"] as? String == Self.tokenURL)
            #expect(discovery.json["issuer"] as? String == "http://localhost:8080/auth")
            #expect(discovery.json["jwks_uri"] as? String == "http://localhost:8080/.well-known/jwks.json")
            #expect(discovery.json["token_endpoint_auth_signing_alg_values_supported"] as? [String] == ["RS384", "ES384"])
            #expect((discovery.json["capabilities"] as? [String])?.contains("client-confidential-asymmetric") == true)
            let metadata = try await client.execute(uri: "/fhir/metadata", method: .get)
            #expect(metadata.bodyText.contains(Self.tokenURL))
            let jwks = try await client.execute(uri: "/.well-known/jwks.json", method: .get)
            #expect(jwks.status == .ok)
            let keys = try #require(jwks.json["keys"] as? [[String: Any]])
            #expect(keys.count == 1)
            #expect(keys.first?["kty"] as? String == "EC")
            #expect(keys.first?["d"] == nil)  // the public half only
            // Without an external identity provider, the gateway's own tokens are the only ones accepted.
            let response = try await Self.post(client, try await Self.form())
            let token = try #require(response.json["access_token"] as? String)
            #expect(try await client.execute(uri: "/fhir/Observation", method: .get, headers: Self.bearer(token)).status == .ok)
            #expect(try await client.call(.get, "/fhir/Observation", token: .system).status == .unauthorized)
        }
    }
}
