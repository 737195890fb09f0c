import Interactions
import Synchronization

/// Bounds the large transaction and batch Bundles (`POST /fhir`, bodies above `http.maxBodySize` up to
/// `http.maxBundleSize`) that are read and mapped at once: each holds its body and its model in memory
/// (BENCHMARKS.md, "Large Bundles"), so the bound is what keeps the server's memory bounded however
/// many EHRs post at once. Past it, 503 with `Retry-After` (http.html: a server may refuse work it
/// cannot take now), rather than a queue without end.
final class BundleAdmission: Sendable {
    let limit: Int
    private let running = Mutex(0)

    /// Seconds after which a client may post again: about what a 64 MiB Bundle takes on two cores.
    static let retryAfterSeconds = 10

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Runs `body` as one of the `limit` large Bundles in progress, or refuses it.
    func admitting<T>(_ body: () async throws -> T) async throws -> T {
        let admitted = running.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else {
            throw FHIRError.later(.busy, retryAfter: Self.retryAfterSeconds, "The server is reading \(limit) large "
                + "Bundles, as many as it does at once (http.bundlesMaxConcurrent); try again in \(Self.retryAfterSeconds) s")
        }
        defer { running.withLock { $0 -= 1 } }
        return try await body()
    }
}
