import Hummingbird
import HTTPTypes

/// Applies `GatewayCORS`: Hummingbird's CORS middleware for the allowed origins, nothing for the others.
struct CORSGate<Context: RequestContext>: RouterMiddleware {
    let cors: GatewayCORS
    let protocolMiddleware: CORSMiddleware<Context>

    init(_ cors: GatewayCORS) {
        self.cors = cors
        protocolMiddleware = CORSMiddleware(
            allowOrigin: cors.origins.contains("*") ? .all : .originBased,
            allowHeaders: GatewayCORS.allowedHeaders,
            allowMethods: [.get, .head, .post, .put, .patch, .delete, .options],
            allowCredentials: false,
            exposedHeaders: GatewayCORS.exposedHeaders,
            maxAge: .seconds(600))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard cors.allows(request.headers[.origin]) else { return try await next(request, context) }
        var response = try await protocolMiddleware.handle(request, context: context, next: next)
        // The Fetch standard reads Access-Control-Expose-Headers from the answer itself, not from the
        // preflight (https://fetch.spec.whatwg.org/#http-access-control-expose-headers), which is where
        // Hummingbird's middleware puts it.
        if request.method != .options {
            response.headers[.accessControlExposeHeaders] = GatewayCORS.exposedHeaders.joined(separator: ", ")
        }
        return response
    }
}
