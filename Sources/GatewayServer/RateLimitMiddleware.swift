import Access
import Auth
import Hummingbird
import HTTPTypes
import Interactions
import Synchronization

/// The gateway's defences against floods (`RateLimits`, README "Rate limits"), as three middlewares:
/// `inFlight` outermost (503 past `maxInFlight` requests at once), `authFailures` before authentication
/// (429 for an address past its failed authentications), `perClient` after it (429 for a client past its
/// bucket, `RateLimit-*` headers on every answer). Refusals are OperationOutcomes under `/fhir` and the
/// native error shape elsewhere, with `Retry-After`.
final class RateLimitGuard: Sendable {
    let limits: RateLimits
    let limiter: RateLimiter
    let inFlightCount = Atomic<Int>(0)

    init(_ limits: RateLimits, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.limits = limits
        limiter = RateLimiter(maxBuckets: limits.maxBuckets, now: now)
    }

    static func isProbe(_ path: String) -> Bool { path == "/health" || path == "/ready" }

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

    /// A refusal in the shape of the API the request went to, with `Retry-After` and the bucket's figures.
    static func refusal(_ error: FHIRError, _ decision: RateLimiter.Decision?, request: Request,
                        context: GatewayRequestContext) -> Response {
        var response: Response
        if FHIRErrorMiddleware.isFHIRPath(request.uri.path) {
            response = FHIRErrorMiddleware.response(for: error, request: request, exchange: FHIRExchange(request),
                                                    logger: context.logger)
        } else {
            response = (try? APIErrorMiddleware<GatewayRequestContext>.apiError(for: error, request: request)
                .response(from: request, context: context)) ?? Response(status: .tooManyRequests)
        }
        if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        if let decision { headers(decision, into: &response.headers) }
        return response
    }
}

/// 503 with `Retry-After` while `maxInFlight` requests are being answered; probes always pass.
struct InFlightLimitMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let guardian: RateLimitGuard

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        if RateLimitGuard.isProbe(request.uri.path) { return try await next(request, context) }
        let running = guardian.inFlightCount.wrappingAdd(1, ordering: .relaxed).newValue
        defer { guardian.inFlightCount.wrappingSubtract(1, ordering: .relaxed) }
        guard running <= guardian.limits.maxInFlight else {
            return RateLimitGuard.refusal(FHIRError.later(.busy, retryAfter: 1, "The server is answering "
                + "\(guardian.limits.maxInFlight) requests, as many as it takes at once (http.maxInFlight); try again"),
                nil, request: request, context: context)
        }
        return try await next(request, context)
    }
}

/// Before authentication: an address whose failed authentications used up its bucket is refused (429)
/// before its token is looked at; each 401 takes a token from the address's bucket.
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
            return RateLimitGuard.refusal(FHIRError.later(.tooManyRequests, retryAfter: state.retryAfter,
                "Too many failed authentications from this address; try again in \(state.retryAfter) s"),
                state, request: request, context: context)
        }
        do {
            return try await next(request, context)
        } catch let error as FHIRError where error.category == .unauthorized {
            _ = guardian.limiter.take(1, from: key, bucket: bucket)
            throw error
        }
    }
}

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
