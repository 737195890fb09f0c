import ArgumentParser
import NativeModel
import Store

/// `health-gateway prune`: forgets versions older than the retention period, now.
struct PruneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Forget replaced and deleted versions older than the history retention period.",
        discussion: """
            The server does this itself at start-up and then daily; this command is for a database the \
            server does not run on, or to apply a shorter retention once. Current rows are never touched.
            """
    )

    @OptionGroup var database: DatabaseOption
    @OptionGroup var retention: HistoryRetentionOption

    func run() async throws {
        guard let days = try retention.days() else {
            print("history retention is 0 (keep forever): nothing to prune")
            return
        }
        let cutoff = Instant.now().adding(minutes: -Int64(days) * 1440)
        let pruned = try await database.open().using { store in try await store.pruneHistory(recordedBefore: cutoff) }
        print("forgot \(pruned) versions recorded before \(cutoff)")
    }
}
