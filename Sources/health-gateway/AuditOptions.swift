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

    @Option(help: ArgumentHelp("Prune audit records older than this many days, daily (the prune is recorded itself); "
                               + "0 keeps them forever (env HEALTH_GATEWAY_AUDIT_RETENTION_DAYS; default 0).",
                               valueName: "days"))
    var auditRetentionDays: Int?

    /// What the options say, read (and noted for `health-gateway config`) without opening anything:
    /// nil with `--no-audit`.
    func resolved() throws -> (retentionDays: Int?, logPath: String?)? {
        guard try !EnvironmentDefault.flag(noAudit, "HEALTH_GATEWAY_NO_AUDIT") else { return nil }
        let days = try EnvironmentDefault.value(auditRetentionDays, "HEALTH_GATEWAY_AUDIT_RETENTION_DAYS", default: 0)
        guard days >= 0 else { throw ValidationError("--audit-retention-days must be 0 (forever) or more") }
        return (days == 0 ? nil : days, EnvironmentDefault.optional(auditLog, "HEALTH_GATEWAY_AUDIT_LOG"))
    }

    /// The trail's settings from `resolved()`: opens the `--audit-log` file now.
    static func settings(_ resolved: (retentionDays: Int?, logPath: String?)?) throws -> AuditSettings? {
        guard let resolved else { return nil }
        do {
            return try AuditSettings(retentionDays: resolved.retentionDays, logPath: resolved.logPath)
        } catch {
            throw ValidationError("--audit-log \(resolved.logPath ?? ""): cannot be written: \(error)")
        }
    }
}
