import ArgumentParser

/// `--history-retention-days N`, shared by `serve` (prunes at start-up, then daily) and `prune`.
struct HistoryRetentionOption: ParsableArguments {
    static let variable = "HEALTH_GATEWAY_HISTORY_RETENTION_DAYS"
    static let defaultDays = 365

    @Option(help: ArgumentHelp(
        "Keep replaced and deleted versions this many days; 0 keeps them forever (env \(variable); default \(defaultDays)).",
        valueName: "days"))
    var historyRetentionDays: Int?

    /// The retention in days, or nil to keep every version.
    func days() throws -> Int? {
        let days = try EnvironmentDefault.value(historyRetentionDays, Self.variable, default: Self.defaultDays)
        guard days >= 0 else { throw ValidationError("--history-retention-days must be 0 (forever) or more") }
        return days == 0 ? nil : days
    }
}
