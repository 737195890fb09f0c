public import Foundation
public import Store

/// The gateway as its own authorization server for backend clients (SMART Backend Services,
/// http://hl7.org/fhir/smart-app-launch/backend-services.html): the token endpoint, the verifier of
/// the tokens it issues, and their public keys. Its URLs come from the FHIR base URL tokens are for
/// (`serve --auth-audience`), so every node behind one address names the same issuer:
/// `https://host/fhir` gives the issuer `https://host/auth` and the token URL `https://host/auth/token`.
public struct BackendServices: Sendable {
    /// How long an issued access token is valid: short, as the specification recommends (five minutes);
    /// a client signs a new assertion for a new token.
    public static let tokenLifetime: TimeInterval = 300

    public let issuer: String
    public let tokenURL: String
    public let tokens: BackendTokenService
    public let verifier: TokenVerifier
    let store: any HealthStore

    public init(store: any HealthStore, audience: String, now: @escaping @Sendable () -> Date = { Date() }) {
        let (issuer, tokenURL) = Self.endpoints(audience: audience)
        self.issuer = issuer
        self.tokenURL = tokenURL
        self.store = store
        tokens = BackendTokenService(store: store, issuer: issuer, tokenURL: tokenURL, audience: audience,
                                     lifetime: Self.tokenLifetime, now: now)
        // A key another node (or `keys rotate`) made a moment ago must be found at once: a token naming
        // a kid not read yet reads the ring again, every time. That is one metadata read, and tokens
        // that fail are limited per address (rate.authFailures).
        verifier = TokenVerifier(issuer: issuer, audience: audience, readKeys: {
            Data(try await SigningKeyRing.current(in: store).publicJWKS().utf8)
        }, refetchInterval: 0, now: now)
    }

    /// The issuer and token URL for a FHIR base URL: its root (the base without a last `/fhir`)
    /// followed by `/auth` and `/auth/token`.
    public static func endpoints(audience: String) -> (issuer: String, tokenURL: String) {
        var root = Substring(audience)
        while root.hasSuffix("/") { root = root.dropLast() }
        if root.hasSuffix("/fhir") { root = root.dropLast(5) }
        return (root + "/auth", root + "/auth/token")
    }

    /// Where the public keys of the tokens issued are published: the root's `/.well-known/jwks.json`.
    public static func jwksURL(audience: String) -> String {
        let issuer = endpoints(audience: audience).issuer
        return issuer.dropLast("/auth".count) + "/.well-known/jwks.json"
    }

    /// The public keys of the tokens issued, as a JWKS (`/.well-known/jwks.json`).
    public func jwks() async throws -> String {
        try await SigningKeyRing.current(in: store).publicJWKS()
    }
}
