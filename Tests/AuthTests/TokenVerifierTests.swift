import Access
import Auth
import AuthTestSupport
import Foundation
import Testing

@Suite struct TokenVerifierTests {
    /// The verifier's clock: every time in these tests is relative to it, never to the wall clock.
    static let now = Date(timeIntervalSince1970: 1_795_132_800)  // 2026-11-20T00:00:00Z
    static let idp = TestIdentityProvider.shared

    static func verifier() async throws -> TokenVerifier {
        try await TokenVerifier(issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.audience,
                                jwks: .file(idp.jwksFile()), now: { now })
    }

    static func claims(scope: String = "patient/Observation.rs", patient: String? = "7", exp: Double? = nil,
                       nbf: Double? = nil) -> TestTokenClaims {
        TestTokenClaims(exp: exp ?? now.timeIntervalSince1970 + 600, nbf: nbf, scope: scope, patient: patient)
    }

    @Test(arguments: TestIdentityProvider.Algorithm.allCases)
    func acceptsEachAlgorithm(algorithm: TestIdentityProvider.Algorithm) async throws {
        let verifier = try await Self.verifier()
        let identity = try await verifier.verify(Substring(try await Self.idp.token(Self.claims(), algorithm: algorithm)))
        #expect(identity.patient == "7")
        #expect(identity.clientID == "test-app")
        #expect(identity.policy.reach(.search, on: "Observation").admits(patient: "7", category: nil))
        #expect(!identity.policy.reach(.search, on: "Observation").admits(patient: "8", category: nil))
    }

    @Test func refusesEveryBadToken() async throws {
        let verifier = try await Self.verifier()
        let now = Self.now.timeIntervalSince1970
        var wrongIssuer = Self.claims()
        wrongIssuer.iss = "https://evil.example"
        var wrongAudience = Self.claims()
        wrongAudience.aud = "https://other.example/fhir"
        var noExpiry = Self.claims()
        noExpiry.exp = nil
        let cases: [(String, String, TokenError)] = [
            ("expired", try await Self.idp.token(Self.claims(exp: now - 61)), .expired),
            ("not yet valid", try await Self.idp.token(Self.claims(nbf: now + 61)), .notYetValid),
            ("wrong issuer", try await Self.idp.token(wrongIssuer), .wrongIssuer),
            ("wrong audience", try await Self.idp.token(wrongAudience), .wrongAudience),
            ("no expiry", try await Self.idp.token(noExpiry), .claims("the token has no expiry ('exp')")),
            ("unknown kid", try await Self.idp.token(Self.claims(), kid: "retired-9"), .unknownKey("retired-9")),
            ("tampered", try await Self.idp.tampered(Self.claims()), .badSignature),
            ("alg none", try Self.idp.unsigned(Self.claims()), .algorithmNotAccepted("none")),
            ("HS256 keyed with the public key", try await Self.idp.hmacWithPublicKey(Self.claims()),
             .algorithmNotAccepted("HS256")),
            ("ES256 header on the RSA key", try await Self.idp.token(Self.claims(), algorithm: .es256, kid: "rsa-1"),
             .algorithmNotAccepted("ES256 with key rsa-1")),
            ("patient scope without a patient", try await Self.idp.token(Self.claims(patient: nil)),
             .claims("the token grants patient/Observation.rs but names no patient (the 'patient' claim)")),
            ("not a JWT", "abc.def", .malformed("it does not have three parts")),
        ]
        for (name, token, expected) in cases {
            await #expect(throws: expected, "\(name)") { try await verifier.verify(Substring(token)) }
        }
    }

    @Test func leewayIsSixtySeconds() async throws {
        let verifier = try await Self.verifier()
        let now = Self.now.timeIntervalSince1970
        _ = try await verifier.verify(Substring(try await Self.idp.token(Self.claims(exp: now - 59))))
        _ = try await verifier.verify(Substring(try await Self.idp.token(Self.claims(nbf: now + 59))))
    }

    /// A verified token is remembered until it expires; the clock moving past `exp` ends it.
    @Test func cachesUntilExpiry() async throws {
        let clock = TestClock(Self.now)
        let verifier = try await TokenVerifier(issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.audience,
                                               jwks: .file(Self.idp.jwksFile()), now: { clock.now })
        let token = Substring(try await Self.idp.token(Self.claims(exp: Self.now.timeIntervalSince1970 + 10)))
        _ = try await verifier.verify(token)
        _ = try await verifier.verify(token)
        clock.now = Self.now.addingTimeInterval(71)
        await #expect(throws: TokenError.expired) { try await verifier.verify(token) }
    }

    /// With two issuers, a token either verified is found again in that issuer's cache before anything
    /// in it is decoded, and only until it expires; a token of neither issuer is still refused.
    @Test func twoIssuersCacheUntilExpiry() async throws {
        let clock = TestClock(Self.now)
        let external = try await TokenVerifier(issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.audience,
                                               jwks: .file(Self.idp.jwksFile()), now: { clock.now })
        let own = TokenIssuer(issuer: "https://gateway.example/auth", kid: "own-1")
        let ownVerifier = TokenVerifier(issuer: "https://gateway.example/auth", audience: TestIdentityProvider.audience,
                                        readKeys: { Data(own.publicJWKS.utf8) }, now: { clock.now })
        let verifier = BearerTokenVerifier([external, ownVerifier])
        let externalToken = Substring(try await Self.idp.token(Self.claims(exp: Self.now.timeIntervalSince1970 + 10)))
        let ownToken = Substring(try await own.mint(subject: "job", audience: TestIdentityProvider.audience,
                                                    scope: "system/*.rs", issuedAt: Self.now, lifetime: 10))
        for _ in 0..<2 {
            #expect(try await verifier.verify(externalToken).patient == "7")
            #expect(try await verifier.verify(ownToken).subject == "job")
        }
        var stranger = Self.claims()
        stranger.iss = "https://evil.example"
        await #expect(throws: TokenError.wrongIssuer) { try await verifier.verify(Substring(try await Self.idp.token(stranger))) }
        clock.now = Self.now.addingTimeInterval(71)
        await #expect(throws: TokenError.expired) { try await verifier.verify(externalToken) }
        await #expect(throws: TokenError.expired) { try await verifier.verify(ownToken) }
    }

    @Test func issuesTokensItsOwnJWKSVerifies() async throws {
        let issuer = TokenIssuer(issuer: "https://gateway.example", kid: "dev-1")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dev-jwks-\(UUID()).json").path
        try Data(issuer.publicJWKS.utf8).write(to: URL(fileURLWithPath: path))
        let verifier = try await TokenVerifier(issuer: "https://gateway.example", audience: "http://localhost:8080/fhir",
                                               jwks: .file(path), now: { Self.now })
        let token = try await issuer.mint(subject: "backend", audience: "http://localhost:8080/fhir",
                                          scope: "system/*.rs", issuedAt: Self.now)
        let identity = try await verifier.verify(Substring(token))
        #expect(identity.policy.reach(.read, on: "Patient").isEverything)
        let reloaded = try TokenIssuer(issuer: "https://gateway.example", kid: "dev-1", privateKeyPEM: issuer.privateKeyPEM)
        #expect(reloaded.publicJWKS == issuer.publicJWKS)
    }

    @Test func refusesAKeySetWithoutUsableKeys() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("empty-jwks-\(UUID()).json").path
        try Data(#"{"keys":[{"kty":"oct","kid":"x","k":"c2VjcmV0"}]}"#.utf8).write(to: URL(fileURLWithPath: path))
        await #expect(throws: TokenError.keysUnavailable("the key set has no RSA or P-256/P-384 key with a 'kid'")) {
            try await TokenVerifier(issuer: "i", audience: "a", jwks: .file(path))
        }
    }
}

/// A clock a test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date
    init(_ start: Date) { value = start }
    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
