import Foundation
import JWTKit

/// The claims of a SMART access token that the gateway reads (RFC 9068 shape,
/// https://www.rfc-editor.org/rfc/rfc9068#section-2.2, with SMART's launch context,
/// http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#launch-context-arrives-with-your-access_token).
/// Decoding accepts what identity providers send (`aud` as a string or a list, times as numbers);
/// the checks of times, issuer and audience are `TokenVerifier`'s, against its own clock.
struct AccessTokenClaims: JWTPayload {
    var iss: String?
    var sub: String?
    var aud: [String]
    var exp: Double?
    var nbf: Double?
    var scope: String?
    var clientID: String?
    var azp: String?
    var patient: String?
    var fhirUser: String?

    /// Issued at and a token id: written when this server issues a token, not read.
    var iat: Double?
    var jti: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, scope, azp, patient, fhirUser, iat, jti
        case clientID = "client_id"
    }

    init(iss: String, sub: String, aud: String, issuedAt: Date, expiresAt: Date, scope: String, clientID: String?,
         patient: String?, fhirUser: String?) {
        self.iss = iss
        self.sub = sub
        self.aud = [aud]
        iat = issuedAt.timeIntervalSince1970.rounded(.down)
        nbf = iat
        exp = expiresAt.timeIntervalSince1970.rounded(.down)
        self.scope = scope
        self.clientID = clientID
        self.patient = patient
        self.fhirUser = fhirUser
        jti = UUID().uuidString
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        iss = try container.decodeIfPresent(String.self, forKey: .iss)
        sub = try container.decodeIfPresent(String.self, forKey: .sub)
        if let one = try? container.decodeIfPresent(String.self, forKey: .aud) {
            aud = [one]
        } else {
            aud = try container.decodeIfPresent([String].self, forKey: .aud) ?? []
        }
        exp = try container.decodeIfPresent(Double.self, forKey: .exp)
        nbf = try container.decodeIfPresent(Double.self, forKey: .nbf)
        scope = try container.decodeIfPresent(String.self, forKey: .scope)
        clientID = try container.decodeIfPresent(String.self, forKey: .clientID)
        azp = try container.decodeIfPresent(String.self, forKey: .azp)
        patient = try container.decodeIfPresent(String.self, forKey: .patient)
        fhirUser = try container.decodeIfPresent(String.self, forKey: .fhirUser)
        iat = try? container.decodeIfPresent(Double.self, forKey: .iat)
        jti = try? container.decodeIfPresent(String.self, forKey: .jti)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(iss, forKey: .iss)
        try container.encodeIfPresent(sub, forKey: .sub)
        try container.encode(aud, forKey: .aud)
        try container.encodeIfPresent(exp, forKey: .exp)
        try container.encodeIfPresent(nbf, forKey: .nbf)
        try container.encodeIfPresent(scope, forKey: .scope)
        try container.encodeIfPresent(clientID, forKey: .clientID)
        try container.encodeIfPresent(azp, forKey: .azp)
        try container.encodeIfPresent(patient, forKey: .patient)
        try container.encodeIfPresent(fhirUser, forKey: .fhirUser)
        try container.encodeIfPresent(iat, forKey: .iat)
        try container.encodeIfPresent(jti, forKey: .jti)
    }

    /// The signature is all jwt-kit checks; the claims are checked by `TokenVerifier`.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
