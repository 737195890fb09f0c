import ArgumentParser
import Foundation
import NativeModel
import Store

/// `health-gateway audit`: the audit trail's tools (README, "Audit trail"). `verify` walks the hash
/// chain and exits 1 at the first break; `prune` removes records older than a number of days now (the
/// server does it daily with `--audit-retention-days`), recording the prune itself.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the audit trail's hash chain, or prune it by age.",
        subcommands: [Verify.self, Prune.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every link of the audit trail: exit 0 when it holds, 1 at the first edited or removed record.")

        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let report = try await database.open().using { store in try await AuditVerifier.verify(store) }
            if let problem = report.problem {
                print("audit trail broken after \(report.checked) good records: \(problem)")
                throw ExitCode(1)
            }
            guard let first = report.first, let last = report.last else {
                print("audit trail holds: it has no records yet")
                return
            }
            print("audit trail holds: \(report.checked) records, \(first) to \(last), each linked to the one before")
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove audit records older than --older-than-days; the prune is recorded in the trail.")

        @OptionGroup var database: DatabaseOption

        @Option(help: ArgumentHelp("Remove records recorded more than this many days ago.", valueName: "days"))
        var olderThanDays: Int

        func run() async throws {
            guard olderThanDays >= 1 else { throw ValidationError("--older-than-days must be at least 1") }
            let now = Instant.now()
            let cutoff = now.adding(minutes: -Int64(olderThanDays) * 1_440)
            let record = AuditRecord(recordedAt: now, requestID: "audit-prune-\(now.millisecondsSince1970)",
                                     subject: ProcessInfo.processInfo.environment["USER"], interaction: "audit-prune",
                                     parameters: ["older_than_days"], status: 200, durationMicroseconds: 0)
            let pruned = try await database.open().using { store in
                try await store.pruneAudit(recordedBefore: cutoff, record: record)
            }
            print("pruned \(pruned) audit records recorded before \(cutoff)")
        }
    }
}
