import ArgumentParser
import GatewayServer

/// `serve`'s audit-trail options (README, "Audit trail"): on unless `--no-audit`; records also as JSON
/// lines with `--audit-log`; pruned by age with `--audit-retention-days` (kept forever by default).
struct AuditOptions: ParsableArguments {
    @Flag(help: "No audit trail (env HEALTH_GATEWAY_NO_AUDIT): requests leave no record of who did what.")
    var noAudit = false

    @Option(help: ArgumentHelp("Every audit record also as a JSON line, appended to this file, or '-' for standard "
                               + "output, for a SIEM (env HEALTH_GATEWAY_AUDIT_LOG).", valueName: "path"))
    var auditLog: String?

    @Option(help: ArgumentHelp("How often the records of reads and refusals are appended, in one transaction each "
                               + "(env HEALTH_GATEWAY_AUDIT_BATCH_MS; default 2000; a write's record is always in the "
                               + "write's own transaction).", valueName: "milliseconds"))
    var auditBatchMs: Int?

    @Option(help: ArgumentHelp("Prune audit records older than this many days, daily (the prune is recorded itself); "
                               + "0 keeps them forever (env HEALTH_GATEWAY_AUDIT_RETENTION_DAYS; default 0).",
                               valueName: "days"))
    var auditRetentionDays: Int?

    /// What the options say, read (and noted for `health-gateway config`) without opening anything:
    /// nil with `--no-audit`.
    func resolved() throws -> Resolved? {
        guard try !EnvironmentDefault.flag(noAudit, "HEALTH_GATEWAY_NO_AUDIT") else { return nil }
        let days = try EnvironmentDefault.value(auditRetentionDays, "HEALTH_GATEWAY_AUDIT_RETENTION_DAYS", default: 0)
        guard days >= 0 else { throw ValidationError("--audit-retention-days must be 0 (forever) or more") }
        let batch = try EnvironmentDefault.value(auditBatchMs, "HEALTH_GATEWAY_AUDIT_BATCH_MS", default: 2_000)
        guard (10...60_000).contains(batch) else { throw ValidationError("--audit-batch-ms must be from 10 to 60000") }
        return Resolved(retentionDays: days == 0 ? nil : days, logPath: EnvironmentDefault.optional(auditLog, "HEALTH_GATEWAY_AUDIT_LOG"),
                        batchMilliseconds: batch)
    }

    struct Resolved {
        var retentionDays: Int?
        var logPath: String?
        var batchMilliseconds: Int
    }

    /// The trail's settings from `resolved()`: opens the `--audit-log` file now.
    static func settings(_ resolved: Resolved?) throws -> AuditSettings? {
        guard let resolved else { return nil }
        do {
            return try AuditSettings(batchInterval: .milliseconds(resolved.batchMilliseconds),
                                     retentionDays: resolved.retentionDays, logPath: resolved.logPath)
        } catch {
            throw ValidationError("--audit-log \(resolved.logPath ?? ""): cannot be written: \(error)")
        }
    }
}
