/// An error answer of the token endpoint (RFC 6749 §5.2, https://www.rfc-editor.org/rfc/rfc6749#section-5.2):
/// the error code, a description for the client's developer, and the HTTP status (401 for
/// `invalid_client`, 400 for the rest). Descriptions name what is wrong with the request, never a
/// registered client's scopes or keys beyond what the request itself showed.
public struct OAuthError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case invalidRequest = "invalid_request"
        case invalidClient = "invalid_client"
        case invalidGrant = "invalid_grant"
        case unauthorizedClient = "unauthorized_client"
        case unsupportedGrantType = "unsupported_grant_type"
        case invalidScope = "invalid_scope"
    }

    public var code: Code
    public var detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    public var status: Int { code == .invalidClient ? 401 : 400 }

    public var description: String { "\(code.rawValue): \(detail)" }
}
