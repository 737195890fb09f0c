import Foundation
import Access
import Auth
import Hummingbird
import HTTPTypes
import Interactions

/// Authenticates every request that is not public and puts the caller's identity and `AccessPolicy`
/// in the context (RFC 6750, https://www.rfc-editor.org/rfc/rfc6750; SMART App Launch 2,
/// http://hl7.org/fhir/smart-app-launch/app-launch.html#step-7-access-fhir-api). A missing or bad token
/// is a 401 with a `WWW-Authenticate` challenge, rendered by the error middleware of the API it was
/// sent to (an OperationOutcome under `/fhir`, the native error shape elsewhere).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    static let realm = "health-gateway"

    let authorization: GatewayAuthorization

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        switch authorization {
        case .none:
            context.access = .unrestricted
        case .smart(let smart):
            if !Self.isPublic(request.uri.path) {
                let identity: AuthIdentity
                do {
                    identity = try await Self.identity(request, verifier: smart.bearer)
                } catch let error as TokenError {
                    context.record.refusal = .authentication(error.reason)
                    throw Self.unauthenticated(error)
                }
                context.identity = identity
                context.record.clientID = identity.clientID
                context.record.subject = identity.subject
                context.record.fhirUser = identity.fhirUser
                context.access = identity.policy
            }
        }
        return try await next(request, context)
    }

    /// The paths anyone may read: probes, the metrics (bounded labels, no data; `--metrics-port` keeps
    /// them off the public listener), the CapabilityStatement, SMART discovery, and the gateway's token
    /// endpoint and public keys (a client authenticates there with its own signed assertion).
    static func isPublic(_ path: String) -> Bool {
        ProbePaths.contains(path)
            || ["/metrics", "/fhir/metadata", "/fhir/.well-known/smart-configuration", TokenController.tokenPath,
                TokenController.jwksPath].contains(path)
            || path == "/app" || path.hasPrefix("/app/")  // the score page's files: no data in them
    }

    /// The verified identity of the request's bearer token; throws a `TokenError`.
    static func identity(_ request: Request, verifier: BearerTokenVerifier) async throws -> AuthIdentity {
        guard let header = request.headers[.authorization] else { throw TokenError.missing }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw TokenError.malformed("the Authorization header must be 'Bearer <token>'")
        }
        return try await verifier.verify(parts[1].drop { $0 == " " })
    }

    /// The 401 for a token error, with its challenge (RFC 6750 §3): a missing token gets no error code,
    /// a bad one `invalid_token` and its description.
    static func unauthenticated(_ error: TokenError) -> FHIRError {
        var failure = FHIRError(.unauthorized, error.description)
        if error == .missing {
            failure.challenge = #"Bearer realm="\#(realm)""#
        } else {
            let description = error.description.replacingOccurrences(of: "\"", with: "'")
            failure.challenge = #"Bearer realm="\#(realm)", error="invalid_token", error_description="\#(description)""#
        }
        if case .keysUnavailable = error {  // the issuer's trouble, not the client's
            failure = FHIRError.later(.busy, retryAfter: 30, "The token cannot be checked now: \(error.description)")
        }
        return failure
    }
}
