import Foundation
import Access
import JWTKit
import Store
import Synchronization

/// The token endpoint of SMART Backend Services
/// (http://hl7.org/fhir/smart-app-launch/backend-services.html#obtaining-an-access-token): a registered
/// client proves who it is with a JWT signed by its own key (`private_key_jwt`, RFC 7523) and gets a
/// short-lived access token signed by the gateway's key, with the scopes it asked for that its
/// registration allows. The checks follow the specification's list: grant type, assertion type, an
/// RS384 or ES384 signature by a key of the client's set named by `kid`, `iss` = `sub` = the client id,
/// `aud` = the token URL, `exp` in the future and at most five minutes ahead, a `jti` never used before.
public struct BackendTokenService: Sendable {
    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    /// The algorithms a client assertion may be signed with (the specification's RS384 and ES384).
    static let assertionAlgorithms: Set<String> = ["RS384", "ES384"]
    /// How far ahead an assertion's `exp` may be.
    static let maximumAssertionLifetime: TimeInterval = 300

    /// A token issued.
    public struct IssuedToken: Sendable, Equatable {
        public var accessToken: String
        public var expiresIn: Int
        /// The scopes granted, space-separated.
        public var scope: String
        public var clientID: String
    }

    let store: any HealthStore
    let clients: BackendClients
    let keySets = ClientKeySets()
    let used: UsedAssertions
    let signers = SignerCache()
    /// `iss` of the tokens issued, and the URL assertions must name in `aud`.
    let issuer: String
    let tokenURL: String
    /// `aud` of the tokens issued: the FHIR base URL.
    let audience: String
    let lifetime: TimeInterval
    /// Clock skew allowed on an assertion's `exp` and `nbf`.
    let leeway: TimeInterval = 60
    let now: @Sendable () -> Date

    init(store: any HealthStore, issuer: String, tokenURL: String, audience: String, lifetime: TimeInterval,
         now: @escaping @Sendable () -> Date) {
        self.store = store
        clients = BackendClients(store: store)
        used = UsedAssertions(store: store)
        self.issuer = issuer
        self.tokenURL = tokenURL
        self.audience = audience
        self.lifetime = lifetime
        self.now = now
    }

    /// Answers a token request's form parameters; throws `OAuthError` for a request that gets no token
    /// and `StoreError` when the store fails.
    public func issue(_ form: [String: String]) async throws -> IssuedToken {
        guard let grant = form["grant_type"] else { throw OAuthError(.invalidRequest, "grant_type is missing") }
        guard grant == "client_credentials" else {
            throw OAuthError(.unsupportedGrantType, "this endpoint issues tokens for grant_type=client_credentials only")
        }
        guard form["client_assertion_type"] == Self.assertionType else {
            throw OAuthError(.invalidRequest, "client_assertion_type must be \(Self.assertionType)")
        }
        guard let assertion = form["client_assertion"], !assertion.isEmpty else {
            throw OAuthError(.invalidRequest, "client_assertion is missing")
        }
        guard let asked = form["scope"], !asked.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OAuthError(.invalidRequest, "scope is missing")
        }
        let now = now()
        let (client, claims) = try await authenticate(Substring(assertion), now: now)
        let granted = SMARTScope.granted(asked: asked, registered: client.scope).map(\.text).joined(separator: " ")
        guard !granted.isEmpty else {
            throw OAuthError(.invalidScope, "none of the scopes asked for is one this client is registered for")
        }
        guard let jti = claims.jti, !jti.isEmpty, jti.utf8.count <= 256 else {
            throw OAuthError(.invalidClient, "the client assertion needs a 'jti' of at most 256 bytes")
        }
        let expiresAt = Date(timeIntervalSince1970: claims.exp ?? 0)
        guard try await used.firstUse(client: client.id, jti: jti, expiresAt: expiresAt, now: now) else {
            throw OAuthError(.invalidClient, "this client assertion ('jti') was used before; sign a new one for each request")
        }
        let signer = try await signers.signer(store: store, issuer: issuer)
        let token = try await signer.mint(subject: client.id, audience: audience, scope: granted, clientID: client.id,
                                          issuedAt: now, lifetime: lifetime)
        return IssuedToken(accessToken: token, expiresIn: Int(lifetime), scope: granted, clientID: client.id)
    }

    /// The registered client whose key signed `assertion`, and the assertion's claims, checked.
    func authenticate(_ assertion: Substring, now: Date) async throws(OAuthError) -> (BackendClient, ClientAssertionClaims) {
        let header: JWTHeaderFields
        do {
            header = try JWTHeaderFields(token: assertion)
        } catch {
            throw OAuthError(.invalidClient, "the client assertion is not a signed JWT: \(error.description)")
        }
        guard Self.assertionAlgorithms.contains(header.alg) else {
            throw OAuthError(.invalidClient, "client assertions must be signed with RS384 or ES384, not '\(header.alg)'")
        }
        guard let kid = header.kid else { throw OAuthError(.invalidClient, "the client assertion's header names no key ('kid')") }
        guard let peeked = UnverifiedClaims.decode(UnverifiedClaims.Issuer.self, token: assertion), let id = peeked.iss else {
            throw OAuthError(.invalidClient, "the client assertion names no client ('iss')")
        }
        let client: BackendClient?
        do {
            client = try await clients.client(id)
        } catch {
            throw OAuthError(.invalidClient, "the client registry cannot be read now")
        }
        guard let client else { throw OAuthError(.invalidClient, "no backend client '\(id)' is registered") }
        let claims: ClientAssertionClaims
        do {
            let collection = try await keySets.keys(of: client).collection(kid: kid, algorithm: header.alg)
            claims = try await collection.verify(String(assertion), as: ClientAssertionClaims.self)
        } catch let error as OAuthError {
            throw error
        } catch let error as TokenError {
            switch error {
            case .unknownKey: throw OAuthError(.invalidClient, "the client's key set has no key '\(kid)'")
            case .algorithmNotAccepted: throw OAuthError(.invalidClient, "the client's key '\(kid)' is not for \(header.alg)")
            default: throw OAuthError(.invalidClient, "the client's keys cannot be read: \(error.description)")
            }
        } catch let error as JWTError where error.errorType == .signatureVerificationFailed {
            throw OAuthError(.invalidClient, "the client assertion's signature does not verify")
        } catch {
            throw OAuthError(.invalidClient, "the client assertion's claims cannot be read")
        }
        try check(claims, of: client, now: now)
        return (client, claims)
    }

    func check(_ claims: ClientAssertionClaims, of client: BackendClient, now: Date) throws(OAuthError) {
        guard claims.iss == client.id, claims.sub == client.id else {
            throw OAuthError(.invalidClient, "the client assertion's 'iss' and 'sub' must both be the client id")
        }
        guard claims.aud.contains(where: { TokenVerifier.sameURL($0, tokenURL) }) else {
            throw OAuthError(.invalidClient, "the client assertion's 'aud' must be this token endpoint, \(tokenURL)")
        }
        guard let exp = claims.exp, exp.isFinite else { throw OAuthError(.invalidClient, "the client assertion has no 'exp'") }
        let expiresAt = Date(timeIntervalSince1970: exp)
        guard now < expiresAt.addingTimeInterval(leeway) else {
            throw OAuthError(.invalidClient, "the client assertion has expired")
        }
        guard expiresAt <= now.addingTimeInterval(Self.maximumAssertionLifetime + leeway) else {
            throw OAuthError(.invalidClient, "the client assertion's 'exp' is more than five minutes ahead")
        }
        if let nbf = claims.nbf {
            guard nbf.isFinite, now.addingTimeInterval(leeway) >= Date(timeIntervalSince1970: nbf) else {
                throw OAuthError(.invalidClient, "the client assertion is not valid yet ('nbf')")
            }
        }
    }

    /// The issuer signing with the ring's current key, made again only when the key changes.
    final class SignerCache: Sendable {
        private let cached = Mutex<TokenIssuer?>(nil)

        func signer(store: any HealthStore, issuer: String) async throws -> TokenIssuer {
            let ring = try await SigningKeyRing.current(in: store)
            guard let key = ring.signingKey else { throw StoreError.fault("the gateway has no signing key") }
            if let known = cached.withLock({ $0 }), known.kid == key.kid, known.issuer == issuer { return known }
            let fresh = try ring.issuer(named: issuer)
            cached.withLock { $0 = fresh }
            return fresh
        }
    }
}
