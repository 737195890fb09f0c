import Access
@testable import Auth
import AuthTestSupport
import Foundation
import Store
import StoreTestSupport
import Testing

/// SMART Backend Services' token endpoint without HTTP: the flow with RS384 and ES384 client keys, each
/// RFC 6749 error, replays across nodes, and key rotation. Every time is relative to the service's
/// clock, never the wall clock.
@Suite struct BackendTokenServiceTests {
    static let now = Date(timeIntervalSince1970: 1_795_132_800)
    static let idp = TestIdentityProvider.shared
    static let audience = TestIdentityProvider.audience
    static let tokenURL = "http://localhost:8080/auth/token"

    /// A store with the client `etl` (the test identity provider's keys; `system/*.rs system/Observation.c`).
    static func withService(_ body: @Sendable (BackendServices, any HealthStore) async throws -> Void) async throws {
        try await TestStores.withStore { store in
            let client = try BackendClient(id: "etl", keys: .inline(idp.jwks), scope: "system/*.rs system/Observation.c",
                                           registeredAt: now)
            try await BackendClients(store: store).register(client)
            try await body(BackendServices(store: store, audience: audience, now: { now }), store)
        }
    }

    static func assertion(client: String = "etl", sub: String? = nil, aud: String = tokenURL, expiresIn: Double = 240,
                          jti: String? = UUID().uuidString, algorithm: TestIdentityProvider.Algorithm = .rs384) async throws
        -> String
    {
        let claims = TestTokenClaims(iss: client, sub: sub ?? client, aud: aud, exp: now.timeIntervalSince1970 + expiresIn,
                                     scope: nil, clientID: nil, jti: jti)
        return try await idp.token(claims, algorithm: algorithm)
    }

    static func form(_ assertion: String, scope: String = "system/Observation.rs") -> [String: String] {
        ["grant_type": "client_credentials", "client_assertion_type": BackendTokenService.assertionType,
         "client_assertion": assertion, "scope": scope]
    }

    @Test(arguments: [TestIdentityProvider.Algorithm.rs384, .es384])
    func issuesATokenTheGatewayAccepts(algorithm: TestIdentityProvider.Algorithm) async throws {
        try await Self.withService { backend, _ in
            let issued = try await backend.tokens.issue(Self.form(try await Self.assertion(algorithm: algorithm),
                                                                  scope: "system/Observation.rs system/Patient.rs"))
            #expect(issued.scope == "system/Observation.rs system/Patient.rs")
            #expect(issued.expiresIn == 300)
            let identity = try await backend.verifier.verify(Substring(issued.accessToken))
            #expect(identity.clientID == "etl")
            #expect(identity.subject == "etl")
            #expect(identity.policy.reach(.search, on: "Observation").admits(patient: "1", category: nil))
            #expect(identity.policy.reach(.create, on: "Observation").isNothing)
        }
    }

    @Test func grantsOnlyWhatTheRegistrationAllows() async throws {
        try await Self.withService { backend, _ in
            let issued = try await backend.tokens.issue(Self.form(try await Self.assertion(),
                                                                  scope: "system/*.cruds openid system/Observation.cu"))
            #expect(issued.scope == "system/*.rs system/Observation.c")
            let refused = await #expect(throws: OAuthError.self) {
                try await backend.tokens.issue(Self.form(try await Self.assertion(), scope: "system/Patient.cud patient/*.rs"))
            }
            #expect(refused?.code == .invalidScope)
        }
    }

    @Test func refusesEachBadRequestWithItsRFC6749Error() async throws {
        try await Self.withService { backend, _ in
            func code(_ form: [String: String]) async -> OAuthError.Code? {
                do {
                    _ = try await backend.tokens.issue(form)
                    return nil
                } catch let error as OAuthError {
                    #expect(!error.detail.isEmpty)
                    return error.code
                } catch {
                    Issue.record("not an OAuthError: \(error)")
                    return nil
                }
            }
            let good = try await Self.assertion()
            var noGrant = Self.form(good)
            noGrant["grant_type"] = nil
            #expect(await code(noGrant) == .invalidRequest)
            var otherGrant = Self.form(good)
            otherGrant["grant_type"] = "password"
            #expect(await code(otherGrant) == .unsupportedGrantType)
            var otherType = Self.form(good)
            otherType["client_assertion_type"] = "urn:example:other"
            #expect(await code(otherType) == .invalidRequest)
            var noScope = Self.form(good)
            noScope["scope"] = nil
            #expect(await code(noScope) == .invalidRequest)

            let tampered = try await Self.idp.tampered(TestTokenClaims(iss: "etl", sub: "etl", aud: Self.tokenURL,
                exp: Self.now.timeIntervalSince1970 + 240, scope: nil, clientID: nil, jti: "t-1"))
            #expect(await code(Self.form(tampered)) == .invalidClient)  // bad signature
            #expect(await code(Self.form(try await Self.assertion(expiresIn: -120))) == .invalidClient)  // expired
            #expect(await code(Self.form(try await Self.assertion(expiresIn: 900))) == .invalidClient)  // too far ahead
            #expect(await code(Self.form(try await Self.assertion(client: "nobody"))) == .invalidClient)  // unknown client
            #expect(await code(Self.form(try await Self.assertion(aud: Self.audience))) == .invalidClient)  // wrong aud
            #expect(await code(Self.form(try await Self.assertion(sub: "someone-else"))) == .invalidClient)  // iss ≠ sub
            #expect(await code(Self.form(try await Self.assertion(jti: nil))) == .invalidClient)  // no jti
            #expect(await code(Self.form(try await Self.assertion(algorithm: .rs256))) == .invalidClient)  // not RS384/ES384
            #expect(await code(Self.form("not.a.jwt")) == .invalidClient)
        }
    }

    @Test func refusesAnAssertionUsedBeforeOnAnyNode() async throws {
        try await Self.withService { backend, store in
            let assertion = try await Self.assertion(jti: "once-only")
            _ = try await backend.tokens.issue(Self.form(assertion))
            let otherNode = BackendServices(store: store, audience: Self.audience, now: { Self.now })
            for service in [backend, otherNode] {
                let error = await #expect(throws: OAuthError.self) { try await service.tokens.issue(Self.form(assertion)) }
                #expect(error?.code == .invalidClient)
                #expect(error?.detail.contains("used before") == true)
            }
        }
    }

    @Test func usedAssertionsAreForgottenOnceExpired() async throws {
        try await TestStores.withStore { store in
            let used = UsedAssertions(store: store)
            let expiry = Self.now.addingTimeInterval(120)
            #expect(try await used.firstUse(client: "etl", jti: "j-1", expiresAt: expiry, now: Self.now))
            #expect(try await !used.firstUse(client: "etl", jti: "j-1", expiresAt: expiry, now: Self.now))
            #expect(try await used.firstUse(client: "other", jti: "j-1", expiresAt: expiry, now: Self.now))
            try await used.prune(now: Self.now.addingTimeInterval(150))  // expired 30 s ago: kept a minute more
            #expect(try await store.metadata(prefix: UsedAssertions.prefix).count == 2)
            try await used.prune(now: Self.now.addingTimeInterval(181))
            #expect(try await store.metadata(prefix: UsedAssertions.prefix).isEmpty)
        }
    }

    @Test func tokensSignedBeforeARotationStayValid() async throws {
        try await Self.withService { backend, store in
            let before = try await backend.tokens.issue(Self.form(try await Self.assertion()))
            #expect(try await backend.verifier.verify(Substring(before.accessToken)).clientID == "etl")
            // Another node (or `keys rotate`) makes a new key; this node's next token is signed with it and
            // checked at once, though its verifier read the ring a moment ago.
            let ring = try await SigningKeyRing.rotate(in: store, keep: 360, now: Self.now)
            #expect(ring.keys.count == 2)
            #expect(ring.keys[1].retiredAt != nil)
            let after = try await backend.tokens.issue(Self.form(try await Self.assertion()))
            let jwks = try await backend.jwks()
            for key in ring.keys { #expect(jwks.contains(key.kid)) }
            #expect(try await backend.verifier.verify(Substring(before.accessToken)).clientID == "etl")
            #expect(try await backend.verifier.verify(Substring(after.accessToken)).clientID == "etl")
            #expect(before.accessToken != after.accessToken)
            // A second rotation long after forgets the key retired first.
            let later = try await SigningKeyRing.rotate(in: store, keep: 360, now: Self.now.addingTimeInterval(3_600))
            #expect(later.keys.count == 2)
            #expect(!later.keys.contains { $0.kid == ring.keys[1].kid })
        }
    }

    @Test func registrationsAreChecked() throws {
        #expect(throws: BackendClientError.self) {
            try BackendClient(id: "etl", keys: .inline(Self.idp.jwks), scope: "patient/*.rs", registeredAt: Self.now)
        }
        #expect(throws: BackendClientError.self) {
            try BackendClient(id: "bad id!", keys: .inline(Self.idp.jwks), scope: "system/*.rs", registeredAt: Self.now)
        }
        #expect(throws: BackendClientError.self) {
            try BackendClient(id: "etl", keys: .inline(#"{"keys":[]}"#), scope: "system/*.rs", registeredAt: Self.now)
        }
    }

    @Test func ownIssuerComesFromTheFHIRBase() {
        #expect(BackendServices.endpoints(audience: "https://gw.example/fhir/") == ("https://gw.example/auth",
                                                                                   "https://gw.example/auth/token"))
        #expect(BackendServices.jwksURL(audience: "https://gw.example/base/fhir") == "https://gw.example/base/.well-known/jwks.json")
    }
}
