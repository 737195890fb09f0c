import Foundation
import CryptoExtras
import JWTKit

/// An identity provider for tests: its own RSA (2048-bit), P-256 and P-384 keys, their public JWKS,
/// and tokens signed right, and wrong in each way a token can be wrong (expired, not yet valid, another
/// issuer or audience, an unknown key, a tampered payload, `alg: none`, HS256 keyed with the RSA public
/// key). Keys are made once per test process.
public struct TestIdentityProvider: Sendable {
    public static let issuer = "https://idp.test.example/realms/health"
    public static let audience = "http://localhost:8080/fhir"

    public enum Algorithm: String, Sendable, CaseIterable {
        case rs256 = "RS256", rs384 = "RS384", es256 = "ES256", es384 = "ES384"
    }

    public static let shared = TestIdentityProvider()

    let rsa: JWTKit.Insecure.RSA.PrivateKey
    let p256 = ES256PrivateKey()
    let p384 = ES384PrivateKey()

    init() {
        // A key of 2048 bits; generating one takes a fraction of a second.
        do {
            rsa = try JWTKit.Insecure.RSA.PrivateKey(backing: _RSA.Signing.PrivateKey(keySize: .bits2048))
        } catch {
            fatalError("the test identity provider could not make an RSA key: \(error)")
        }
    }

    /// The public keys (kids `rsa-1`, `ec-1`, `ec384-1`) as a JWKS.
    public var jwks: String {
        let primitives = try? rsa.publicKey.getKeyPrimitives()
        let n = primitives.map { Self.base64URL($0.modulus) } ?? ""
        let e = primitives.map { Self.base64URL($0.publicExponent) } ?? ""
        let ec = p256.parameters.map { #"{"kty":"EC","crv":"P-256","kid":"ec-1","use":"sig","x":"\#($0.x)","y":"\#($0.y)"}"# } ?? ""
        let ec384 = p384.parameters.map {
            #"{"kty":"EC","crv":"P-384","kid":"ec384-1","use":"sig","x":"\#($0.x)","y":"\#($0.y)"}"#
        } ?? ""
        return #"{"keys":[{"kty":"RSA","kid":"rsa-1","use":"sig","n":"\#(n)","e":"\#(e)"},\#(ec),\#(ec384)]}"#
    }

    /// Writes the JWKS to a new temporary file and returns its path.
    public func jwksFile() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("test-jwks-\(UUID().uuidString).json").path
        try Data(jwks.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A token signed with the provider's key for `algorithm`; `kid` overrides the key id in the header.
    public func token(_ claims: TestTokenClaims, algorithm: Algorithm = .es256, kid: String? = nil) async throws -> String {
        let keys = JWTKeyCollection()
        let id: String
        switch algorithm {
        case .rs256: (id, _) = ("rsa-1", await keys.add(rsa: rsa, digestAlgorithm: .sha256, kid: JWKIdentifier(string: "rsa-1")))
        case .rs384: (id, _) = ("rsa-1", await keys.add(rsa: rsa, digestAlgorithm: .sha384, kid: JWKIdentifier(string: "rsa-1")))
        case .es256: (id, _) = ("ec-1", await keys.add(ecdsa: p256, kid: JWKIdentifier(string: "ec-1")))
        case .es384: (id, _) = ("ec384-1", await keys.add(ecdsa: p384, kid: JWKIdentifier(string: "ec384-1")))
        }
        var header = JWTHeader()
        header.kid = kid ?? id
        header.typ = "at+jwt"
        return try await keys.sign(claims, header: header)
    }

    /// A token whose payload was changed after signing (its scope widened to `system/*.cruds`).
    public func tampered(_ claims: TestTokenClaims) async throws -> String {
        let signed = try await token(claims)
        var widened = claims
        widened.scope = "system/*.cruds"
        let parts = signed.split(separator: ".")
        let payload = Self.base64URL(try JSONEncoder().encode(widened))
        return "\(parts[0]).\(payload).\(parts[2])"
    }

    /// An unsecured JWT (`alg: none`, no signature; RFC 7519 §6).
    public func unsigned(_ claims: TestTokenClaims) throws -> String {
        let header = Self.base64URL(Data(#"{"alg":"none","typ":"JWT","kid":"rsa-1"}"#.utf8))
        return "\(header).\(Self.base64URL(try JSONEncoder().encode(claims)))."
    }

    /// HS256 keyed with the RSA public key's PEM: the classic confusion attack on servers that let the
    /// token pick the algorithm for a key.
    public func hmacWithPublicKey(_ claims: TestTokenClaims) async throws -> String {
        let keys = await JWTKeyCollection().add(hmac: HMACKey(from: rsa.publicKey.pemRepresentation),
                                                digestAlgorithm: .sha256, kid: JWKIdentifier(string: "rsa-1"))
        return try await keys.sign(claims, kid: JWKIdentifier(string: "rsa-1"))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
