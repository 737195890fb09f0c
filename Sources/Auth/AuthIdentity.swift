public import Access
public import Foundation

/// Who is calling, from a verified access token: what the request context carries and what the
/// interactions' `AccessPolicy` is made from.
public struct AuthIdentity: Sendable, Hashable {
    /// The token's `sub`.
    public var subject: String?
    /// `client_id`, or `azp` when the issuer names the client there (Keycloak).
    public var clientID: String?
    /// The granted scopes, as the token lists them.
    public var scope: String
    /// The `patient` launch context.
    public var patient: String?
    public var fhirUser: String?
    public var policy: AccessPolicy
    /// When the token stops being valid.
    public var expiresAt: Date

    public init(subject: String?, clientID: String?, scope: String, patient: String?, fhirUser: String?,
                policy: AccessPolicy, expiresAt: Date) {
        self.subject = subject
        self.clientID = clientID
        self.scope = scope
        self.patient = patient
        self.fhirUser = fhirUser
        self.policy = policy
        self.expiresAt = expiresAt
    }
}
