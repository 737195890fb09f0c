import Access
import Auth
import Hummingbird
import Interactions

/// After authentication: each client's bucket (the token's client and user; the source address without
/// a token) pays for the request (`RequestCost`); an empty one is a 429.
struct ClientRateLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let guardian: RateLimitGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let cost = RequestCost.of(request)
        guard cost > 0 else { return try await next(request, context) }
        let (key, bucket) = context.identity.map { ("client:" + $0.policy.holder, guardian.limits.client) }
            ?? (RateLimitGuard.addressKey(context), guardian.limits.anonymous)
        let decision = guardian.limiter.take(cost, from: key, bucket: bucket)
        guard decision.allowed else {
            context.record.refusal = .limited(context.identity == nil ? "address" : "client")
            return RateLimitGuard.refusal(FHIRError.later(.tooManyRequests, retryAfter: decision.retryAfter,
                "Rate limit: this client has used its requests for now (\(decision.limit) at most at once, refilled at "
                    + "\(Self.rate(bucket.perSecond)) a second; this request costs \(Self.rate(cost))); try again in "
                    + "\(decision.retryAfter) s"),
                decision, request: request, context: context)
        }
        var response = try await next(request, context)
        RateLimitGuard.headers(decision, into: &response.headers)
        return response
    }

    private static func rate(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
