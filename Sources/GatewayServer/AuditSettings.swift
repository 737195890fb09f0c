import Logging
import Store

/// `audit.*` (`serve --no-audit`, `--audit-log`, `--audit-retention-days`; README, "Audit trail"): the
/// audit trail is on in `serve` unless turned off.
public struct AuditSettings: Sendable {
    /// How often queued records (reads, refusals, failed writes) are appended, in one transaction each;
    /// nil appends each before its answer goes (tests read their record back at once).
    public var batchInterval: Duration?
    /// Records older than this many days are pruned (daily), the prune recorded itself; nil keeps all.
    public var retentionDays: Int?
    /// `--audit-log`: every record also as a JSON line here (`-` for standard output).
    public let logPath: String?
    let stream: AuditStream?

    /// Opens the JSON-lines stream now, so a path that cannot be written stops `serve` at start-up.
    public init(batchInterval: Duration? = .seconds(2), retentionDays: Int? = nil, logPath: String? = nil) throws {
        self.batchInterval = batchInterval
        self.retentionDays = retentionDays
        self.logPath = logPath
        stream = try logPath.map { try AuditStream(path: $0) }
    }

    /// The trail these settings make over `store`.
    func trail(store: any HealthStore, logger: Logger) -> AuditTrail {
        AuditTrail(store: store, interval: batchInterval, stream: stream, logger: logger)
    }
}
