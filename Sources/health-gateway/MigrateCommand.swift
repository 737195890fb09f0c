import ArgumentParser
import StoreSQLite

/// `health-gateway migrate`: creates the database if needed and applies pending migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema, then list the applied migrations.",
        discussion: "The server migrates on start too; this command does it ahead of time, e.g. before a deploy."
    )

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let path = try database.path()
        let store = try SQLiteStore(path: path)
        let applied = try await store.appliedMigrations()
        print("\(path): \(applied.count) of \(SQLiteStore.knownMigrations.count) migrations applied")
        for migration in applied { print("  \(migration)") }
    }
}
