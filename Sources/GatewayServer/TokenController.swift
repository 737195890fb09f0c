import Auth
import Foundation
import Hummingbird
import HTTPTypes

/// The gateway's own authorization server for backend clients (SMART Backend Services,
/// http://hl7.org/fhir/smart-app-launch/backend-services.html): `POST /auth/token` (RFC 6749 §4.4 with
/// a JWT client assertion, RFC 7523) and the public keys of the tokens it issues at
/// `GET /.well-known/jwks.json`. Both public: the client proves itself with its signed assertion.
struct TokenController {
    static let tokenPath = "/auth/token"
    static let jwksPath = "/.well-known/jwks.json"
    /// A token request is a few form fields and one JWT: 64 KiB is plenty.
    static let maxFormSize = 65_536
    static let pragma = HTTPField.Name("Pragma")!

    let backend: BackendServices

    func register(on router: Router<GatewayRequestContext>) {
        router.post(RouterPath(Self.tokenPath)) { request, context in try await token(request, context) }
        router.get(RouterPath(Self.jwksPath)) { _, _ in try await jwks() }
    }

    /// An access token, or an RFC 6749 §5.2 error; never cached (§5.1).
    private func token(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        let form: [String: String]
        do {
            form = try await Self.form(request, context: context)
        } catch let error as OAuthError {
            return refusal(error, context: context)
        }
        do {
            let issued = try await backend.tokens.issue(form)
            context.record.clientID = issued.clientID
            let body = Issued(accessToken: issued.accessToken, tokenType: "bearer", expiresIn: issued.expiresIn,
                              scope: issued.scope)
            return Self.json(body, status: .ok)
        } catch let error as OAuthError {
            return refusal(error, context: context)
        }
    }

    private func jwks() async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/jwk-set+json", .cacheControl: "max-age=60"],
                 body: .init(byteBuffer: ByteBuffer(string: try await backend.jwks())))
    }

    /// The error's JSON; an `invalid_client` counts as a failed authentication (metrics, and the
    /// per-address limit on failed authentications).
    private func refusal(_ error: OAuthError, context: GatewayRequestContext) -> Response {
        if error.code == .invalidClient { context.record.refusal = .authentication("invalid_client") }
        return Self.json(Refused(error: error.code.rawValue, errorDescription: error.detail),
                         status: HTTPResponse.Status(code: error.status))
    }

    /// The request's `application/x-www-form-urlencoded` fields (RFC 6749 §3.2: a parameter sent twice
    /// is an error).
    static func form(_ request: Request, context: GatewayRequestContext) async throws -> [String: String] {
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else {
            throw OAuthError(.invalidRequest, "the token request must be application/x-www-form-urlencoded")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxFormSize)
        } catch {
            throw OAuthError(.invalidRequest, "the token request is larger than \(maxFormSize / 1024) KiB")
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: body).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decoded(parts[0]), let value = decoded(parts.count > 1 ? parts[1] : "") else {
                throw OAuthError(.invalidRequest, "the form has a field that is not percent-encoded UTF-8")
            }
            guard fields[name] == nil else { throw OAuthError(.invalidRequest, "'\(name)' is given more than once") }
            fields[name] = value
        }
        return fields
    }

    /// A form field's name or value: `+` is a space, `%XX` a byte.
    private static func decoded(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"server_error"}"#.utf8)
        return Response(status: status, headers: [.contentType: "application/json", .cacheControl: "no-store", Self.pragma: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// RFC 6749 §5.1.
    struct Issued: Encodable {
        var accessToken: String
        var tokenType: String
        var expiresIn: Int
        var scope: String

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in", scope
        }
    }

    /// RFC 6749 §5.2.
    struct Refused: Encodable {
        var error: String
        var errorDescription: String

        enum CodingKeys: String, CodingKey {
            case error, errorDescription = "error_description"
        }
    }
}
