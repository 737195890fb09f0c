import Foundation
import JWTKit

/// The claims of a backend client's authentication JWT (SMART Backend Services,
/// http://hl7.org/fhir/smart-app-launch/backend-services.html#authenticating-to-the-token-endpoint;
/// RFC 7523 §3): `iss` and `sub` the client id, `aud` the token URL, `exp` at most five minutes
/// ahead, `jti` once only. Decoding takes `aud` as a string or a list (encoding, synthesized, writes a
/// list); the checks are `BackendTokenService`'s.
struct ClientAssertionClaims: JWTPayload {
    var iss: String?
    var sub: String?
    var aud: [String]
    var exp: Double?
    var nbf: Double?
    var jti: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, jti
    }

    init(iss: String, sub: String, aud: [String], exp: Double) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.exp = exp
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try? container.decodeIfPresent(String.self, forKey: .iss)
        sub = try? container.decodeIfPresent(String.self, forKey: .sub)
        if let one = try? container.decodeIfPresent(String.self, forKey: .aud) {
            aud = [one]
        } else {
            aud = (try? container.decodeIfPresent([String].self, forKey: .aud)) ?? []
        }
        exp = try? container.decodeIfPresent(Double.self, forKey: .exp)
        nbf = try? container.decodeIfPresent(Double.self, forKey: .nbf)
        jti = try? container.decodeIfPresent(String.self, forKey: .jti)
    }

    /// The signature is all jwt-kit checks here.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
