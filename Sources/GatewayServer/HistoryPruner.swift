public import Logging
public import ServiceLifecycle
public import NativeModel
public import Store

/// Keeps history from growing without bound: forgets versions older than the retention period at
/// start-up and then once a day, until the server shuts down (`history.retentionDays`).
public struct HistoryPruner<Store: HealthStore>: Service {
    let store: Store
    let retentionDays: Int
    let logger: Logger
    let interval: Duration
    let clock: @Sendable () -> Instant

    public init(store: Store, retentionDays: Int, logger: Logger, interval: Duration = .seconds(86_400),
                clock: @escaping @Sendable () -> Instant = { .now() }) {
        self.store = store
        self.clock = clock
        self.retentionDays = retentionDays
        self.logger = logger
        self.interval = interval
    }

    /// Prunes now and then every `interval`; returns quietly when the server shuts down (a cancelled
    /// sleep ends the loop rather than failing the service, which would fail the whole server).
    public func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await pruneOnce()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Prunes versions recorded more than `retentionDays` ago; failures are logged, never fatal.
    func pruneOnce() async {
        let cutoff = clock().adding(minutes: -Int64(retentionDays) * 1440)
        do {
            let pruned = try await store.pruneHistory(recordedBefore: cutoff)
            if pruned > 0 { logger.info("history: forgot \(pruned) versions recorded before \(cutoff)") }
        } catch {
            logger.error("history: pruning failed: \(error)")
        }
    }
}
