import ArgumentParser
import Foundation
import NativeModel
import Store

/// `health-gateway backup --out FILE`: a consistent, checked copy of a running SQLite database.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy an SQLite database into a file while the gateway runs, then check the copy.",
        discussion: """
            SQLite's online backup API copies one consistent state of the database while the server goes on \
            writing (not a file copy, which could catch a write half done). The copy is moved into place once \
            whole, opened alone, checked with PRAGMA integrity_check, and its rows counted. To restore: stop the \
            server, put the copy in place of the database file (removing its -wal and -shm files), start it. \
            A PostgreSQL database is backed up with its own tools (pg_dump, point-in-time recovery; DEPLOY.md).
            """
    )

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("The file to write the copy to.", valueName: "path"))
    var out: String

    @Flag(help: "Replace --out when it exists.")
    var force = false

    func run() async throws {
        let destination = URL(fileURLWithPath: out)
        if FileManager.default.fileExists(atPath: destination.path), !force {
            throw ValidationError("\(out) exists: choose another file, or pass --force to replace it")
        }
        let opened = try database.open()
        guard let backup = opened.backup else {
            throw ValidationError("\(opened.description) is a PostgreSQL database: back it up with pg_dump or the "
                + "server's point-in-time recovery (DEPLOY.md, \"Backups\")")
        }
        let started = Date()
        let result = try await opened.using { _ in try await backup(destination) }
        print(Self.summary(result, source: opened.description, seconds: Date().timeIntervalSince(started)))
        guard result.integrity == "ok" else { throw ExitCode(1) }
    }

    /// `backed up data/h.sqlite to b.sqlite (12.3 MB) in 0.4 s; integrity ok; users 30, …`.
    static func summary(_ backup: StoreBackup, source: String, seconds: Double) -> String {
        let counts = NativeTable.allCases.map { "\($0.rawValue) \(ImportProgressBar.grouped(backup.rowCounts[$0] ?? 0))" }
        return "backed up \(source) to \(backup.file.path) (" + String(format: "%.1f", Double(backup.bytes) / 1e6) + " MB) in "
            + String(format: "%.1f", seconds) + " s; integrity \(backup.integrity); " + counts.joined(separator: ", ")
    }
}
