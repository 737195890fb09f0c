public import Logging
public import ServiceLifecycle
public import NativeModel
public import Store
public import Interactions

/// Keeps what the server remembers from growing without bound: forgets versions older than the
/// history retention (`history.retentionDays`; nil keeps them all), finished import jobs with their
/// files past theirs (`import.retentionHours`) and finished exports with their files once they expire
/// (`export.expirySeconds`), at start-up and then every `interval`, until the server shuts down.
public struct HistoryPruner<Store: HealthStore>: Service {
    let store: Store
    let retentionDays: Int?
    let imports: ImportJobs<Store>?
    let exports: ExportJobs<Store>?
    /// `audit.retentionDays`: audit records older than this many days go; nil keeps them all.
    let auditRetentionDays: Int?
    let logger: Logger
    let interval: Duration
    let clock: @Sendable () -> Instant
    /// What to wait for before the first pruning: the store migrated.
    let startup: StartupGate?

    public init(store: Store, retentionDays: Int?, imports: ImportJobs<Store>? = nil,
                exports: ExportJobs<Store>? = nil, auditRetentionDays: Int? = nil, logger: Logger,
                interval: Duration = .seconds(3_600), clock: @escaping @Sendable () -> Instant = { .now() },
                startup: StartupGate? = nil) {
        self.startup = startup
        self.store = store
        self.retentionDays = retentionDays
        self.imports = imports
        self.exports = exports
        self.auditRetentionDays = auditRetentionDays
        self.logger = logger
        self.interval = interval
        self.clock = clock
    }

    /// Prunes now and then every `interval`; returns quietly when the server shuts down (a cancelled
    /// sleep ends the loop rather than failing the service, which would fail the whole server).
    public func run() async {
        await cancelWhenGracefulShutdown {
            await startup?.wait()
            while !Task.isCancelled {
                await pruneOnce()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Prunes versions recorded more than `retentionDays` ago and import jobs past their retention;
    /// failures are logged, never fatal.
    func pruneOnce() async {
        if let retentionDays {
            let cutoff = clock().adding(minutes: -Int64(retentionDays) * 1440)
            do {
                let pruned = try await store.pruneHistory(recordedBefore: cutoff)
                if pruned > 0 { logger.info("history: forgot \(pruned) versions recorded before \(cutoff)") }
            } catch {
                logger.error("history: pruning failed: \(error)")
            }
        }
        if let auditRetentionDays {
            let now = clock()
            let cutoff = now.adding(minutes: -Int64(auditRetentionDays) * 1440)
            // The prune's own record: the one deletion the trail allows, recorded in the same transaction.
            let record = AuditRecord(recordedAt: now, requestID: "audit-prune-\(now.millisecondsSince1970)",
                                     interaction: "audit-prune", parameters: ["retention_days"], status: 200,
                                     durationMicroseconds: 0)
            do {
                let pruned = try await store.pruneAudit(recordedBefore: cutoff, record: record)
                if pruned > 0 { logger.info("audit: pruned \(pruned) records recorded before \(cutoff)") }
            } catch {
                logger.error("audit: pruning failed: \(error)")
            }
        }
        if let imports {
            do {
                let pruned = try await imports.pruneFinished()
                if pruned > 0 { logger.info("imports: forgot \(pruned) finished jobs and their files") }
            } catch {
                logger.error("imports: pruning failed: \(error)")
            }
        }
        if let exports {
            do {
                let pruned = try await exports.pruneExpired()
                if pruned > 0 { logger.info("exports: removed \(pruned) expired jobs and their files") }
            } catch {
                logger.error("exports: pruning failed: \(error)")
            }
        }
    }
}
