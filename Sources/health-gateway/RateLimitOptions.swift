import ArgumentParser
import GatewayServer

/// The `serve` options of the rate limits and the bound on requests in flight (README, "Rate limits"),
/// each with its environment variable. `--rate-limit 0` turns them all off.
struct RateLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Request cost each client (a token's client and user) is refilled a second; 0 turns rate "
        + "limits off (env HEALTH_GATEWAY_RATE_LIMIT; default 200).", valueName: "tokens"))
    var rateLimit: Double?

    @Option(help: ArgumentHelp("Most a client may spend at once (env HEALTH_GATEWAY_RATE_BURST; default twice --rate-limit).",
                               valueName: "tokens"))
    var rateBurst: Double?

    @Option(help: ArgumentHelp("As --rate-limit, for each source address of requests without a token (env "
        + "HEALTH_GATEWAY_RATE_LIMIT_ANONYMOUS; default 50).", valueName: "tokens"))
    var rateLimitAnonymous: Double?

    @Option(help: ArgumentHelp("Requests the node answers at once; 503 with Retry-After past it (env "
        + "HEALTH_GATEWAY_MAX_IN_FLIGHT; default 1024).", valueName: "count"))
    var maxInFlight: Int?

    /// The limits, or nil when `--rate-limit 0` turns them off.
    func limits() throws -> RateLimits? {
        let defaults = RateLimits()
        let rate = try EnvironmentDefault.value(rateLimit, "HEALTH_GATEWAY_RATE_LIMIT", default: defaults.client.perSecond)
        guard rate >= 0 else { throw ValidationError("--rate-limit must be 0 (off) or positive") }
        guard rate > 0 else { return nil }
        let burst = try EnvironmentDefault.value(rateBurst, "HEALTH_GATEWAY_RATE_BURST", default: rate * 2)
        let anonymous = try EnvironmentDefault.value(rateLimitAnonymous, "HEALTH_GATEWAY_RATE_LIMIT_ANONYMOUS",
                                                     default: defaults.anonymous.perSecond)
        let inFlight = try EnvironmentDefault.value(maxInFlight, "HEALTH_GATEWAY_MAX_IN_FLIGHT", default: defaults.maxInFlight)
        guard burst >= 1, anonymous > 0, inFlight > 0 else {
            throw ValidationError("--rate-burst must be at least 1, --rate-limit-anonymous and --max-in-flight positive")
        }
        return RateLimits(client: .init(perSecond: rate, burst: burst), anonymous: .init(perSecond: anonymous, burst: anonymous * 2),
                          maxInFlight: inFlight)
    }
}
