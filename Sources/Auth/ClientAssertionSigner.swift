public import Foundation
import JWTKit

/// The client's side of SMART Backend Services' authentication
/// (http://hl7.org/fhir/smart-app-launch/backend-services.html#authenticating-to-the-token-endpoint):
/// signs client assertions with a backend client's private key, RS384 for an RSA key and ES384 for a
/// P-384 key. What `health-gateway token assertion` prints, for clients that cannot sign themselves and
/// for the benchmark harness, which needs thousands of single-use assertions made ahead.
public struct ClientAssertionSigner: Sendable {
    public let clientID: String
    public let kid: String
    public let algorithm: String
    let keys: JWTKeyCollection

    /// The key of a PEM file: an RSA private key (PKCS #1 or #8), or a P-384 EC private key.
    public init(clientID: String, kid: String, privateKeyPEM: String) async throws(AuthConfigurationError) {
        self.clientID = clientID
        self.kid = kid
        let identifier = JWKIdentifier(string: kid)
        if let rsa = try? Insecure.RSA.PrivateKey(pem: privateKeyPEM) {
            algorithm = "RS384"
            keys = await JWTKeyCollection().add(rsa: rsa, digestAlgorithm: .sha384, kid: identifier)
        } else if let ec = try? ES384PrivateKey(pem: privateKeyPEM) {
            algorithm = "ES384"
            keys = await JWTKeyCollection().add(ecdsa: ec, kid: identifier)
        } else {
            throw .invalidJWKS("the client's private key is neither an RSA nor a P-384 key in PEM")
        }
    }

    /// A new assertion for `tokenURL`: `iss` = `sub` = the client id, `exp` `lifetime` seconds after
    /// `now` (at most 300), a random `jti`.
    public func assertion(tokenURL: String, now: Date = Date(), lifetime: TimeInterval = 240) async throws -> String {
        var claims = ClientAssertionClaims(iss: clientID, sub: clientID, aud: [tokenURL],
                                           exp: now.addingTimeInterval(min(lifetime, 300)).timeIntervalSince1970.rounded(.down))
        claims.jti = UUID().uuidString
        var header = JWTHeader()
        header.kid = kid
        header.typ = "JWT"
        return try await keys.sign(claims, header: header)
    }
}
