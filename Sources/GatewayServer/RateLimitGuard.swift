import Hummingbird
import HTTPTypes
import Interactions
import Synchronization

/// What the gateway's defences against floods share (`RateLimits`, README "Rate limits"): the limits,
/// the buckets and the count of requests in flight, for three middlewares: `InFlightLimitMiddleware`
/// outermost (503), `AuthFailureLimitMiddleware` before authentication (429 per address),
/// `ClientRateLimitMiddleware` after it (429 per client, `RateLimit-*` on every answer). Refusals are
/// `RefusalResponse`s, with the bucket's figures.
final class RateLimitGuard: Sendable {
    let limits: RateLimits
    let limiter: RateLimiter
    let inFlightCount = Atomic<Int>(0)

    init(_ limits: RateLimits, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limits = limits
        limiter = RateLimiter(maxBuckets: limits.maxBuckets, now: now)
    }

    /// The key of a request without a token: its source address.
    static func addressKey(_ context: GatewayRequestContext) -> String { "address:" + (context.remoteAddress ?? "unknown") }

    static let limitHeader = HTTPField.Name("RateLimit-Limit")!
    static let remainingHeader = HTTPField.Name("RateLimit-Remaining")!
    static let resetHeader = HTTPField.Name("RateLimit-Reset")!

    static func headers(_ decision: RateLimiter.Decision, into headers: inout HTTPFields) {
        headers[limitHeader] = String(decision.limit)
        headers[remainingHeader] = String(decision.remaining)
        headers[resetHeader] = String(decision.reset)
    }

    /// A refusal of the limits (`RefusalResponse`) with the bucket's figures.
    static func refusal(_ error: FHIRError, _ decision: RateLimiter.Decision?, request: Request,
                        context: GatewayRequestContext) -> Response {
        var response = RefusalResponse.make(error, request: request, context: context)
        if let decision { headers(decision, into: &response.headers) }
        return response
    }
}
