import Access
public import Foundation
import JWTKit

/// Checks SMART access tokens (RFC 9068 JWTs, https://www.rfc-editor.org/rfc/rfc9068#section-4) and
/// turns a good one into an `AuthIdentity` with its `AccessPolicy`
/// (http://hl7.org/fhir/smart-app-launch/app-launch.html#step-7-access-fhir-api):
/// - the header's `alg` must be RS256, RS384, ES256 or ES384 and its `kid` a key of the issuer's JWKS
///   of a type and curve for that algorithm (`IssuerKeys`);
/// - the signature must verify (jwt-kit);
/// - `iss` must be the configured issuer and `aud` name the configured audience (this server's FHIR
///   base URL); `exp` is required; `exp` and `nbf` get `leeway` of clock skew;
/// - `patient/` scopes need a `patient` claim.
/// Verified tokens are cached until they expire.
public struct TokenVerifier: Sendable {
    public let issuer: String
    public let audience: String
    public let leeway: TimeInterval
    let keys: IssuerKeys
    let cache = VerifiedTokenCache()
    let now: @Sendable () -> Date

    /// Reads the key set once, so a bad `--auth-jwks` stops `serve` at start-up. A JWKS URL is read
    /// again for a token naming a key it does not hold, at most once every `jwksRefetchInterval` seconds.
    public init(issuer: String, audience: String, jwks: JWKSSource, leeway: TimeInterval = 60,
                jwksRefetchInterval: TimeInterval = 30,
                now: @escaping @Sendable () -> Date = { Date() }) async throws(TokenError) {
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.now = now
        keys = IssuerKeys(source: jwks, refetchInterval: jwksRefetchInterval)
        try await keys.load()
    }

    /// A verifier whose keys `readKeys` gives as a JWKS when first needed and again, at most once every
    /// `refetchInterval` seconds, for a token naming a key not read yet: the gateway's own signing
    /// keys, which live in the store and rotate (`BackendServices`).
    public init(issuer: String, audience: String, readKeys: @escaping @Sendable () async throws -> Data,
                leeway: TimeInterval = 60, refetchInterval: TimeInterval = 1,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.now = now
        keys = IssuerKeys(read: readKeys, refetchInterval: refetchInterval)
    }

    /// The identity of the bearer of `token` (the part after `Bearer `).
    public func verify(_ token: Substring) async throws(TokenError) -> AuthIdentity {
        try await verify(token, key: VerifiedTokenCache.key(of: token))
    }

    /// The identity of a token this verifier checked before and that has not expired; nothing decoded.
    func known(_ key: VerifiedTokenCache.Key) -> AuthIdentity? {
        cache.identity(for: key, now: now())
    }

    /// `verify(_:)` with the token's cache key already computed.
    func verify(_ token: Substring, key: VerifiedTokenCache.Key) async throws(TokenError) -> AuthIdentity {
        let now = now()
        if let known = cache.identity(for: key, now: now) { return known }
        let header = try JWTHeaderFields(token: token)
        guard Self.acceptedAlgorithm(header.alg) else { throw .algorithmNotAccepted(header.alg) }
        guard let kid = header.kid else { throw .malformed("its header names no key ('kid')") }
        let collection = try await keys.collection(kid: kid, algorithm: header.alg)
        let claims: AccessTokenClaims
        do {
            claims = try await collection.verify(String(token), as: AccessTokenClaims.self)
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw .badSignature
        } catch {
            throw .malformed("its claims cannot be read")
        }
        let identity = try identity(claims, now: now)
        cache.remember(identity, for: key, now: now)
        return identity
    }

    func identity(_ claims: AccessTokenClaims, now: Date) throws(TokenError) -> AuthIdentity {
        guard let iss = claims.iss, Self.sameURL(iss, issuer) else { throw .wrongIssuer }
        guard claims.aud.contains(where: { Self.sameURL($0, audience) }) else { throw .wrongAudience }
        guard let exp = claims.exp, exp.isFinite else { throw .claims("the token has no expiry ('exp')") }
        let expiresAt = Date(timeIntervalSince1970: exp)
        guard now < expiresAt.addingTimeInterval(leeway) else { throw .expired }
        if let nbf = claims.nbf {
            guard nbf.isFinite, now.addingTimeInterval(leeway) >= Date(timeIntervalSince1970: nbf) else {
                throw .notYetValid
            }
        }
        let scope = claims.scope ?? ""
        let policy: AccessPolicy
        do {
            policy = try AccessPolicy(scope: scope, patient: claims.patient, fhirUser: claims.fhirUser,
                                      holder: "\(claims.clientID ?? claims.azp ?? "")|\(claims.sub ?? "")")
        } catch {
            throw .claims(error.description)
        }
        return AuthIdentity(subject: claims.sub, clientID: claims.clientID ?? claims.azp, scope: scope,
                            patient: claims.patient, fhirUser: claims.fhirUser, policy: policy,
                            expiresAt: expiresAt.addingTimeInterval(leeway))
    }

    static func acceptedAlgorithm(_ alg: String) -> Bool { IssuerKeys.acceptedAlgorithms.contains(alg) }

    /// Issuer and audience compare as strings, but for a trailing slash.
    public static func sameURL(_ one: String, _ other: String) -> Bool {
        func trimmed(_ text: String) -> Substring { text.hasSuffix("/") ? text.dropLast() : Substring(text) }
        return trimmed(one) == trimmed(other)
    }
}
