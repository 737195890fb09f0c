import Foundation
public import JWTKit

/// The claims of a token a test mints: any of them may be left out or wrong on purpose.
public struct TestTokenClaims: JWTPayload, Equatable {
    public var iss: String?
    public var sub: String?
    public var aud: String?
    public var exp: Double?
    public var nbf: Double?
    public var iat: Double?
    public var scope: String?
    public var client_id: String?
    public var patient: String?
    public var fhirUser: String?
    /// A client assertion's id (backend services).
    public var jti: String?

    public init(iss: String? = TestIdentityProvider.issuer, sub: String? = "test-user",
                aud: String? = TestIdentityProvider.audience, exp: Double?, nbf: Double? = nil, iat: Double? = nil,
                scope: String?, clientID: String? = "test-app", patient: String? = nil, fhirUser: String? = nil, jti: String? = nil) {
        self.iss = iss
        self.sub = sub
        self.aud = aud
        self.exp = exp
        self.nbf = nbf
        self.iat = iat
        self.scope = scope
        self.client_id = clientID
        self.patient = patient
        self.fhirUser = fhirUser
        self.jti = jti
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
