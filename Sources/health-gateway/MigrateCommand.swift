import ArgumentParser
import Store

/// `health-gateway migrate`: creates the database if needed and applies pending migrations.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or upgrade the database schema, then list the applied migrations.",
        discussion: """
            The server migrates on start too; this command does it ahead of time, e.g. before a deploy. On \
            PostgreSQL, nodes that migrate at once take turns (an advisory lock): the first applies, the others \
            find the work done.
            """
    )

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let opened = try database.open()
        let applied = try await opened.using { _ in try await opened.appliedMigrations() }
        print("\(opened.description): \(applied.count) of \(opened.knownMigrations.count) migrations applied")
        for migration in applied { print("  \(migration)") }
    }
}
