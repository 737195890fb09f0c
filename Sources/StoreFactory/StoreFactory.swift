public import Foundation
public import Logging
public import NativeModel
public import Store
import StorePostgres
import StoreSQLite

/// The one place that names the store engines (ARCHITECTURE.md, rule 2): a location in, an
/// `OpenedStore` out. `serve`, `import`, `generate`, `migrate`, `prune` and `migrate-data` all open
/// their store here.
public enum StoreFactory {
    /// Opens the store at `location`. An SQLite file is created and migrated now; a PostgreSQL
    /// database is not touched before the opened store's `run` runs (`poolSize` connections at most).
    ///
    /// `replicas` are the URLs of PostgreSQL read replicas of that database: the store's long reads go
    /// to one whose lag is within `maximumReplicaLagSeconds` (`ReplicatedPostgresStore`).
    public static func open(_ location: StoreLocation, poolSize: Int = 20, replicas: [String] = [],
                            maximumReplicaLagSeconds: Double = 10,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            logger: Logger = Logger(label: "health-gateway.store"),
                            clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws -> OpenedStore {
        if !replicas.isEmpty, case .postgres(let url) = location {
            let primary = try PostgresStore(url: url, poolSize: poolSize, environment: environment, logger: logger, clock: clock)
            let store = ReplicatedPostgresStore(
                primary: primary,
                replicas: try replicas.map { try PostgresStore(url: $0, poolSize: poolSize, environment: environment, logger: logger,
                                                               clock: clock) },
                maximumLagSeconds: maximumReplicaLagSeconds, logger: logger)
            return OpenedStore(store: store, description: store.description, run: { await store.run() },
                               migrate: { try await primary.migrate() },
                               appliedMigrations: { try await primary.appliedMigrations() },
                               knownMigrations: PostgresStore.knownMigrations, filesFolder: nil, importChunkSize: 10_000)
        }
        guard replicas.isEmpty else { throw StoreError.unavailable("read replicas need a postgresql:// database") }
        switch location {
        case .sqlite(let path):
            let store = try SQLiteStore(path: path, clock: clock)
            return sqlite(store, description: path, filesFolder: URL(fileURLWithPath: path + ".imports", isDirectory: true),
                          exportFolder: URL(fileURLWithPath: path + ".exports", isDirectory: true))
        case .inMemory:
            return sqlite(try SQLiteStore.inMemory(clock: clock), description: location.description, filesFolder: nil,
                          exportFolder: nil)
        case .postgres(let url):
            let store = try PostgresStore(url: url, poolSize: poolSize, environment: environment, logger: logger,
                                          clock: clock)
            return OpenedStore(store: store, description: store.description, run: { await store.run() },
                               migrate: { try await store.migrate() },
                               appliedMigrations: { try await store.appliedMigrations() },
                               knownMigrations: PostgresStore.knownMigrations, filesFolder: nil, importChunkSize: 10_000)
        }
    }

    private static func sqlite(_ store: SQLiteStore, description: String, filesFolder: URL?, exportFolder: URL?) -> OpenedStore {
        OpenedStore(store: store, description: description, run: nil, migrate: {},
                    appliedMigrations: { try await store.appliedMigrations() },
                    knownMigrations: SQLiteStore.knownMigrations, filesFolder: filesFolder, exportFolder: exportFolder,
                    backup: { try await store.backup(to: $0) })
    }
}
