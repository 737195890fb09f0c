public import Foundation

/// A store as the one store factory opens it, with what it needs around it: what `serve` and the
/// commands hold instead of a concrete engine (ARCHITECTURE.md, "one store factory ... is the only
/// place that names the engines").
public struct OpenedStore: Sendable {
    public let store: any HealthStore
    /// The store as messages name it: a file path, or a URL without its password.
    public let description: String
    /// What must run while the store is used, until its task is cancelled (PostgreSQL's connection
    /// pool); nil when nothing must (SQLite).
    public let run: (@Sendable () async -> Void)?
    /// Creates or upgrades the schema. SQLite did on opening; PostgreSQL does it once `run` runs,
    /// one node at a time.
    public let migrate: @Sendable () async throws -> Void
    /// The migrations applied to the database, oldest first.
    public let appliedMigrations: @Sendable () async throws -> [String]
    /// Every migration the code knows.
    public let knownMigrations: [String]
    /// Where the store's jobs keep their files unless configured otherwise: beside an SQLite file;
    /// nil for a database that has no place on this machine (in memory, a server).
    public let filesFolder: URL?
    /// Where exports write their files unless configured otherwise: beside an SQLite file
    /// (`<file>.exports/`); nil for a database that has no place on this machine.
    public let exportFolder: URL?
    /// Lines per import chunk (one atomic write each) that suit the engine: SQLite has one writer, so
    /// its chunks stay short for the requests waiting behind them; a PostgreSQL chunk costs a dozen
    /// round trips however long it is and locks only its own rows, so its chunks are longer
    /// (measured in BENCHMARKS.md).
    public let importChunkSize: Int
    /// A consistent copy of the database in a file, checked (`health-gateway backup`); nil for an engine
    /// that has its own tools for it (PostgreSQL: `pg_dump`, point-in-time recovery; DEPLOY.md).
    public let backup: (@Sendable (URL) async throws -> StoreBackup)?

    public init(store: any HealthStore, description: String, run: (@Sendable () async -> Void)?,
                migrate: @escaping @Sendable () async throws -> Void,
                appliedMigrations: @escaping @Sendable () async throws -> [String], knownMigrations: [String],
                filesFolder: URL?, exportFolder: URL? = nil, importChunkSize: Int = 2_000,
                backup: (@Sendable (URL) async throws -> StoreBackup)? = nil) {
        self.store = store
        self.description = description
        self.run = run
        self.migrate = migrate
        self.appliedMigrations = appliedMigrations
        self.knownMigrations = knownMigrations
        self.filesFolder = filesFolder
        self.exportFolder = exportFolder
        self.importChunkSize = max(1, importChunkSize)
        self.backup = backup
    }

    /// Runs `body` on the migrated store while what it needs runs, then stops that: how a command
    /// that is not a server uses a store.
    public func using<T: Sendable>(_ body: @Sendable (any HealthStore) async throws -> T) async throws -> T {
        guard let run else {
            try await migrate()
            return try await body(store)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await run() }
            defer { group.cancelAll() }
            try await migrate()
            return try await body(store)
        }
    }
}
