/// Why a bearer token was not accepted: each becomes a 401 whose `WWW-Authenticate` carries
/// `error="invalid_token"` and this description (RFC 6750 §3.1,
/// https://www.rfc-editor.org/rfc/rfc6750#section-3.1), except `missing`, which names no error.
public enum TokenError: Error, Sendable, Equatable {
    /// No `Authorization: Bearer …` header.
    case missing
    case malformed(String)
    case algorithmNotAccepted(String)
    case unknownKey(String)
    case badSignature
    case expired
    case notYetValid
    case wrongIssuer
    case wrongAudience
    case claims(String)
    /// The issuer's keys could not be read (its JWKS URL did not answer).
    case keysUnavailable(String)

    /// A word per kind, for the metrics' `reason` label: never the token's own text.
    public var reason: String {
        switch self {
        case .missing: return "missing"
        case .malformed: return "malformed"
        case .algorithmNotAccepted: return "algorithm"
        case .unknownKey: return "unknown_key"
        case .badSignature: return "bad_signature"
        case .expired: return "expired"
        case .notYetValid: return "not_yet_valid"
        case .wrongIssuer: return "wrong_issuer"
        case .wrongAudience: return "wrong_audience"
        case .claims: return "claims"
        case .keysUnavailable: return "keys_unavailable"
        }
    }

    public var description: String {
        switch self {
        case .missing: return "this server needs a bearer token (Authorization: Bearer …)"
        case .malformed(let why): return "the token is not a signed JWT: \(why)"
        case .algorithmNotAccepted(let alg):
            return "tokens signed with '\(alg)' are not accepted; use RS256, RS384, ES256 or ES384"
        case .unknownKey(let kid): return "the token names a key ('kid' \(kid)) the issuer does not publish"
        case .badSignature: return "the token's signature does not verify"
        case .expired: return "the token has expired"
        case .notYetValid: return "the token is not valid yet (nbf)"
        case .wrongIssuer: return "the token was not issued by this server's issuer"
        case .wrongAudience: return "the token is not for this server (aud)"
        case .claims(let why): return why
        case .keysUnavailable(let why): return "the issuer's keys could not be read: \(why)"
        }
    }
}
