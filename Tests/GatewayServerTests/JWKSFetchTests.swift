import Access
import Auth
import AuthTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// `--auth-jwks` as a URL: fetched at start-up, fetched again when a token names a key it does not
/// hold (the issuer rotated its keys), and not more often than the refetch interval.
@Suite struct JWKSFetchTests {
    /// The key set an issuer publishes, which a test changes, and how often it was fetched.
    final class Publisher: Sendable {
        let published = Mutex<(keys: String, fetches: Int)>(("", 0))

        /// The provider's key set with only the keys of `kids`.
        func publish(_ kids: Set<String>) throws {
            let set = try JSONSerialization.jsonObject(with: Data(TestIdentityProvider.shared.jwks.utf8)) as? [String: Any]
            let keys = (set?["keys"] as? [[String: Any]] ?? []).filter { kids.contains($0["kid"] as? String ?? "") }
            let text = String(decoding: try JSONSerialization.data(withJSONObject: ["keys": keys]), as: UTF8.self)
            published.withLock { $0.keys = text }
        }

        var fetches: Int { published.withLock { $0.fetches } }
    }

    static func serving(_ publisher: Publisher, _ test: @escaping @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.get("jwks") { _, _ -> Response in
            let text = publisher.published.withLock { published in
                published.fetches += 1
                return published.keys
            }
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        let application = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await application.test(.live) { client in
            let port = try #require(client.port)
            try await test(try #require(URL(string: "http://127.0.0.1:\(port)/jwks")))
        }
    }

    /// The verifier's clock, pinned: the tests pass on any date.
    static let now = Date(timeIntervalSince1970: 1_794_700_800)  // 2026-11-15

    static func token() async throws -> Substring {
        Substring(try await TestIdentityProvider.shared.token(
            TestTokenClaims(exp: now.timeIntervalSince1970 + 600, scope: "system/*.rs"), algorithm: .es256))
    }

    /// A verifier of the test provider's tokens whose key set is a URL publishing only "rsa-1" at first.
    static func verifying(refetchInterval: TimeInterval,
                          _ test: @escaping @Sendable (Publisher, TokenVerifier) async throws -> Void) async throws {
        let publisher = Publisher()
        try publisher.publish(["rsa-1"])
        try await serving(publisher) { url in
            let verifier = try await TokenVerifier(issuer: TestIdentityProvider.issuer, audience: TestIdentityProvider.audience,
                                                   jwks: .url(url), jwksRefetchInterval: refetchInterval, now: { now })
            try await test(publisher, verifier)
        }
    }

    @Test func aRotatedKeyIsFetched() async throws {
        try await Self.verifying(refetchInterval: 0) { publisher, verifier in
            #expect(publisher.fetches == 1)
            try publisher.publish(["rsa-1", "ec-1"])  // the issuer adds a key and signs with it
            let identity = try await verifier.verify(try await Self.token())
            #expect(identity.policy.reach(.read, on: "Patient").isEverything)
            #expect(publisher.fetches == 2)
            _ = try await verifier.verify(try await Self.token())  // known now: no fetch
            #expect(publisher.fetches == 2)
        }
    }

    @Test func unknownKeysDoNotFetchMoreOftenThanTheInterval() async throws {
        try await Self.verifying(refetchInterval: 3_600) { publisher, verifier in
            for _ in 0..<5 {
                await #expect(throws: TokenError.unknownKey("ec-1")) { try await verifier.verify(try await Self.token()) }
            }
            #expect(publisher.fetches == 1)
        }
    }

    @Test func onlyHTTPSOrLoopbackURLsAreKeySets() throws {
        #expect(throws: AuthConfigurationError.self) { try JWKSSource("http://idp.example/jwks") }
        #expect(try JWKSSource("https://idp.example/jwks") == .url(try #require(URL(string: "https://idp.example/jwks"))))
        #expect(try JWKSSource("keys/jwks.json") == .file("keys/jwks.json"))
    }
}
