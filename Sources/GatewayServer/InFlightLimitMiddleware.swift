import Hummingbird
import Interactions
import Synchronization

/// 503 with `Retry-After` while `maxInFlight` requests are being answered; probes always pass.
struct InFlightLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let guardian: RateLimitGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if ProbePaths.contains(request.uri.path) { return try await next(request, context) }
        let running = guardian.inFlightCount.wrappingAdd(1, ordering: .relaxed).newValue
        defer { guardian.inFlightCount.wrappingSubtract(1, ordering: .relaxed) }
        guard running <= guardian.limits.maxInFlight else {
            context.record.refusal = .limited("in_flight")
            return RateLimitGuard.refusal(FHIRError.later(.busy, retryAfter: 1, "The server is answering "
                + "\(guardian.limits.maxInFlight) requests, as many as it takes at once (http.maxInFlight); try again"),
                nil, request: request, context: context)
        }
        return try await next(request, context)
    }
}
