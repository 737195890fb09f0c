public import Logging
import NativeModel
public import Scoring
public import ServiceLifecycle
public import Store

/// Keeps the population statistics of `$health-score` fresh off the request path: computes the default
/// window (the 30 days ending today) at start-up, then every `interval` refreshes each remembered
/// window whose statistics are older than the freshness bound, and today's window when the day turns.
public struct PopulationRefresher<Store: HealthStore>: Service {
    let statistics: PopulationStatistics<Store>
    let logger: Logger
    let interval: Duration
    /// What to wait for before the first refresh: the store migrated and seeded.
    let startup: StartupGate?

    public init(statistics: PopulationStatistics<Store>, logger: Logger, interval: Duration, startup: StartupGate? = nil) {
        self.statistics = statistics
        self.logger = logger
        self.interval = interval
        self.startup = startup
    }

    public func run() async {
        await cancelWhenGracefulShutdown {
            await startup?.wait()
            while !Task.isCancelled {
                await refreshOnce()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func refreshOnce() async {
        do {
            if let today = ScoringWindow(days: ScoringWindow.defaultDays, asOf: OffsetDateTime(statistics.clock(), utcOffsetMinutes: 0)),
               await !statistics.windows.contains(today) {
                let snapshot = try await statistics.refresh(today)
                logger.info("population statistics for \(today): \(snapshot.patients) patients in \(snapshot.computeMilliseconds) ms")
            }
            let refreshed = try await statistics.refreshStale()
            if refreshed > 0 { logger.debug("population statistics: refreshed \(refreshed) windows") }
        } catch {
            logger.error("population statistics: refresh failed: \(error)")
        }
    }
}
