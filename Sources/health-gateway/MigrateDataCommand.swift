import ArgumentParser
import Foundation
import StoreFactory

/// `health-gateway migrate-data --from FILE --to URL`: an SQLite deployment's data into PostgreSQL.
struct MigrateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Copy everything an SQLite database holds into an empty PostgreSQL database, history included.",
        discussion: """
            Every table is copied row for row (ids, versions, timestamps, kept versions and deletions, identifiers, \
            import bookkeeping), then the row counts of both are compared table by table; the exit code is 1 when \
            they differ. Stop the gateway that writes the SQLite file first. The target is migrated if needed and \
            must hold no data; a copy that fails midway leaves a partial target to empty before trying again.
            """
    )

    @Option(help: ArgumentHelp("The SQLite database file to copy.", valueName: "path"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database to copy into: postgresql://user[:password]@host[:port]/database "
                               + "(or the password in PGPASSWORD).", valueName: "url"))
    var to: String

    @Option(help: "Rows read and written per round trip.")
    var pageSize = 5_000

    func validate() throws {
        guard (1...50_000).contains(pageSize) else { throw ValidationError("--page-size must be from 1 to 50000") }
        guard case .sqlite = StoreLocation(from) else { throw ValidationError("--from must be an SQLite file path") }
        guard case .postgres = StoreLocation(to) else { throw ValidationError("--to must be a postgresql:// URL") }
    }

    func run() async throws {
        var migration = DataMigration()
        migration.pageSize = pageSize
        let started = Date()
        let terminal = isatty(STDERR_FILENO) != 0
        let counts: [DataMigration.TableCount]
        do {
            counts = try await migration.run(from: StoreLocation(from), to: StoreLocation(to)) { table, rows in
                if terminal { FileHandle.standardError.write(Data("\r\(table): \(rows) rows\u{1B}[K".utf8)) }
            }
        } catch let problem as DataMigration.Problem {
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            print("migrate-data: \(problem)")
            throw ExitCode(1)
        }
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for count in counts { print("\(count.table): \(count.source) rows copied, \(count.target) in the target") }
        let seconds = Date().timeIntervalSince(started)
        print("copied \(counts.reduce(0) { $0 + $1.target }) rows in \(String(format: "%.1f", seconds)) s; every count matches")
    }
}
