import Hummingbird
import Interactions

/// Before authentication: an address whose failed authentications used up its bucket is refused (429)
/// before its token is looked at; each 401 takes a token from the address's bucket: a refused bearer
/// token, and a token request whose client assertion is refused (`invalid_client`).
struct AuthFailureLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let guardian: RateLimitGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let key = "auth-failures:" + RateLimitGuard.addressKey(context)
        let bucket = guardian.limits.authFailures
        let state = guardian.limiter.hasTokens(key, bucket: bucket)
        guard state.allowed else {
            context.record.refusal = .limited("failed_auth")
            return RateLimitGuard.refusal(FHIRError.later(.tooManyRequests, retryAfter: state.retryAfter,
                "Too many failed authentications from this address; try again in \(state.retryAfter) s"),
                state, request: request, context: context)
        }
        do {
            let response = try await next(request, context)
            if response.status == .unauthorized { _ = guardian.limiter.take(1, from: key, bucket: bucket) }
            return response
        } catch let error as FHIRError where error.category == .unauthorized {
            _ = guardian.limiter.take(1, from: key, bucket: bucket)
            throw error
        }
    }
}
