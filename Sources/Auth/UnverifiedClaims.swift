import Foundation

/// Reading a JWT's payload before its signature is checked, only to find which key to check it with
/// (the issuer of an access token, the client of an assertion). Nothing read here is believed until
/// the signature over it verifies.
enum UnverifiedClaims {
    /// The payload of a compact JWS decoded as `T`; nil when it is not base64url JSON of that shape.
    static func decode<T: Decodable>(_ type: T.Type, token: Substring) -> T? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, token.utf8.count <= 16_384,
              let bytes = JWTHeaderFields.base64URLDecoded(parts[1])
        else { return nil }
        return try? JSONDecoder().decode(T.self, from: bytes)
    }

    /// Just the `iss` claim.
    struct Issuer: Decodable {
        var iss: String?
    }
}
