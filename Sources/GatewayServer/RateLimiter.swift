import Synchronization

/// Token buckets by key, in memory (`RateLimits`): each refills at its rate up to its size, and a
/// request takes its cost from it, or waits. A request that costs more than a full bucket holds is let
/// through when the bucket is full and leaves it in debt, so a large Bundle is never refused forever.
/// Past `maxBuckets` keys, the buckets that have refilled are forgotten (a full bucket and none are
/// the same), then the longest idle.
final class RateLimiter: Sendable {
    struct State {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// What a `take` decided, and the `RateLimit-*` figures (draft-ietf-httpapi-ratelimit-headers).
    struct Decision: Equatable {
        var allowed: Bool
        var limit: Int
        var remaining: Int
        /// Seconds until the cost would be there, for `Retry-After`.
        var retryAfter: Int
        /// Seconds until the bucket is full again.
        var reset: Int
    }

    private let buckets = Mutex<[String: State]>([:])
    private let maxBuckets: Int
    private let now: @Sendable () -> ContinuousClock.Instant

    init(maxBuckets: Int, now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.maxBuckets = maxBuckets
        self.now = now
    }

    /// Takes `cost` from `key`'s bucket if it holds it.
    func take(_ cost: Double, from key: String, bucket: RateLimits.Bucket) -> Decision {
        let now = now()
        return buckets.withLock { buckets in
            var state = buckets[key].map { refilled($0, bucket, at: now) } ?? State(tokens: bucket.burst, updated: now)
            let allowed = state.tokens >= cost || state.tokens >= bucket.burst
            if allowed { state.tokens -= cost }
            if buckets[key] == nil, buckets.count >= maxBuckets { evict(&buckets, at: now) }
            buckets[key] = state
            return Self.decision(allowed, state, missing: allowed ? 0 : min(cost, bucket.burst) - state.tokens, bucket)
        }
    }

    /// Whether `key`'s bucket holds at least one token, without taking it.
    func hasTokens(_ key: String, bucket: RateLimits.Bucket) -> Decision {
        let now = now()
        return buckets.withLock { buckets in
            let state = buckets[key].map { refilled($0, bucket, at: now) } ?? State(tokens: bucket.burst, updated: now)
            return Self.decision(state.tokens >= 1, state, missing: max(0, 1 - state.tokens), bucket)
        }
    }

    /// How many buckets are kept now.
    var count: Int { buckets.withLock { $0.count } }

    private func refilled(_ state: State, _ bucket: RateLimits.Bucket, at now: ContinuousClock.Instant) -> State {
        let elapsed = now - state.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return State(tokens: min(bucket.burst, state.tokens + max(0, seconds) * bucket.perSecond), updated: now)
    }

    /// Forgets the buckets idle for a minute (refilled, at any rate worth limiting), then the longest
    /// idle, down to nine tenths of `maxBuckets`.
    private func evict(_ buckets: inout [String: State], at now: ContinuousClock.Instant) {
        buckets = buckets.filter { now - $0.value.updated < .seconds(60) }
        let keep = maxBuckets * 9 / 10
        if buckets.count > keep {
            let idlest = buckets.sorted { $0.value.updated < $1.value.updated }.prefix(buckets.count - keep).map(\.key)
            for key in idlest { buckets[key] = nil }
        }
    }

    /// The decision and the figures of a bucket in `state`, `missing` tokens short of the request.
    private static func decision(_ allowed: Bool, _ state: State, missing: Double, _ bucket: RateLimits.Bucket) -> Decision {
        Decision(allowed: allowed, limit: Int(bucket.burst), remaining: max(0, Int(state.tokens.rounded(.down))),
                 retryAfter: seconds(missing, bucket), reset: seconds(bucket.burst - state.tokens, bucket))
    }

    /// Whole seconds for `tokens` to come back, at least 1 when any are missing.
    private static func seconds(_ tokens: Double, _ bucket: RateLimits.Bucket) -> Int {
        guard tokens > 0 else { return 0 }
        guard bucket.perSecond > 0 else { return 3_600 }
        return max(1, Int((tokens / bucket.perSecond).rounded(.up)))
    }
}
