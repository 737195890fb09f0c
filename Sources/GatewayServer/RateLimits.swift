/// How much each client may ask of one node (`rate.*` settings; README, "Rate limits"): token buckets
/// refilled at `perSecond` up to `burst`, per client (the token's client and user) or, for requests
/// without a token, per source address; a request costs by what it asks (`RequestCost`). Past the
/// limit, 429 with `Retry-After` and `RateLimit-*` headers. Failed authentications have a bucket of their
/// own per address (brute force), and `maxInFlight` bounds the requests the node works on at once (503).
/// Buckets are per node, in memory: behind a load balancer over N nodes a client gets up to N times its
/// rate, and the limit is for fairness and flood protection, not for billing.
public struct RateLimits: Sendable, Hashable {
    /// A bucket's refill rate and size.
    public struct Bucket: Sendable, Hashable {
        public var perSecond: Double
        public var burst: Double

        public init(perSecond: Double, burst: Double) {
            self.perSecond = max(0, perSecond)
            self.burst = max(1, burst)
        }
    }

    /// Each authenticated client (`rate.client`).
    public var client: Bucket
    /// Each source address of requests without a token (`rate.anonymous`).
    public var anonymous: Bucket
    /// Failed authentications per source address (`rate.authFailures`): past it, 429 before the token is looked at.
    public var authFailures: Bucket
    /// Requests the node works on at once (`http.maxInFlight`); past it, 503 with `Retry-After`.
    public var maxInFlight: Int
    /// The most buckets kept; the fullest idle ones are forgotten past it (a full bucket is a fresh one).
    public var maxBuckets: Int

    public init(client: Bucket = Bucket(perSecond: 200, burst: 400), anonymous: Bucket = Bucket(perSecond: 50, burst: 100),
                authFailures: Bucket = Bucket(perSecond: 0.2, burst: 20), maxInFlight: Int = 1_024,
                maxBuckets: Int = 100_000) {
        self.client = client
        self.anonymous = anonymous
        self.authFailures = authFailures
        self.maxInFlight = max(1, maxInFlight)
        self.maxBuckets = max(16, maxBuckets)
    }
}
