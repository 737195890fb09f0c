public import Foundation
import JWTKit

/// Issues SMART access tokens signed with an ES256 key of its own: what `health-gateway token mint`
/// and `scripts/mint-token` use to try the gateway without an identity provider, and what tests and
/// benchmarks sign their tokens with. The key's public half is a JWKS (`publicJWKS`) to give
/// `serve --auth-jwks`.
public struct TokenIssuer: Sendable {
    public let issuer: String
    public let kid: String
    let key: ES256PrivateKey

    /// A new random key.
    public init(issuer: String, kid: String) {
        self.issuer = issuer
        self.kid = kid
        key = ES256PrivateKey()
    }

    /// The key of a PEM file (`-----BEGIN PRIVATE KEY-----`, PKCS #8, or SEC 1 `EC PRIVATE KEY`).
    public init(issuer: String, kid: String, privateKeyPEM: String) throws(AuthConfigurationError) {
        self.issuer = issuer
        self.kid = kid
        do {
            key = try ES256PrivateKey(pem: privateKeyPEM)
        } catch {
            throw .invalidJWKS("the private key is not a P-256 key in PEM")
        }
    }

    public var privateKeyPEM: String { key.pemRepresentation }

    /// `{"keys": [the public key]}` (RFC 7517 §5), with `kid`, `alg` ES256 and `use` sig.
    public var publicJWKS: String { #"{"keys":[\#(publicJWK)]}"# }

    /// The public key as a JWK (RFC 7517 §4), with `kid`, `alg` ES256 and `use` sig.
    public var publicJWK: String {
        let x = key.parameters?.x ?? ""
        let y = key.parameters?.y ?? ""
        return #"{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"\#(kid)","x":"\#(x)","y":"\#(y)"}"#
    }

    /// A signed access token for `audience` (the FHIR base URL), valid from `issuedAt` for `lifetime`.
    public func mint(subject: String, audience: String, scope: String, clientID: String? = nil, patient: String? = nil,
                     fhirUser: String? = nil, issuedAt: Date = Date(), lifetime: TimeInterval = 3600) async throws -> String
    {
        let claims = AccessTokenClaims(iss: issuer, sub: subject, aud: audience, issuedAt: issuedAt,
                                       expiresAt: issuedAt.addingTimeInterval(lifetime), scope: scope,
                                       clientID: clientID ?? subject, patient: patient, fhirUser: fhirUser)
        let keys = await JWTKeyCollection().add(ecdsa: key, kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}
