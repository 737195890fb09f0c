/// The verifier of every bearer token the gateway accepts: those of the external identity provider
/// (`--auth-issuer`), and those the gateway issued itself to backend clients. A token goes to the
/// verifier of the issuer its `iss` names, which checks everything, that claim included; a token of
/// any other issuer is refused. A token one of them verified before is found in its cache first, by
/// one hash of the token, before anything in it is decoded: a client's every request but its first.
public struct BearerTokenVerifier: Sendable {
    public let verifiers: [TokenVerifier]

    public init(_ verifiers: [TokenVerifier]) {
        self.verifiers = verifiers
    }

    public func verify(_ token: Substring) async throws(TokenError) -> AuthIdentity {
        guard verifiers.count > 1 else {
            guard let only = verifiers.first else { throw .wrongIssuer }
            return try await only.verify(token)
        }
        let key = VerifiedTokenCache.key(of: token)
        for verifier in verifiers {
            if let known = verifier.known(key) { return known }
        }
        guard let issuer = UnverifiedClaims.decode(UnverifiedClaims.Issuer.self, token: token)?.iss else {
            _ = try JWTHeaderFields(token: token)  // a token that is no JWT at all says so
            throw .wrongIssuer
        }
        guard let verifier = verifiers.first(where: { TokenVerifier.sameURL($0.issuer, issuer) }) else { throw .wrongIssuer }
        return try await verifier.verify(token, key: key)
    }
}
