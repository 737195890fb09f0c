import Foundation
import GRDB
public import NativeModel
public import Store

/// The embedded default store: the native tables in one SQLite file through GRDB.
///
/// A file store is a `DatabasePool` in WAL mode (readers never wait for the writer) with
/// `synchronous=NORMAL`: a crash of the process loses nothing, a power cut may lose the last
/// transactions, never corrupts. Foreign keys are enforced. An in-memory store (for tests) is a
/// `DatabaseQueue`. Opening a store applies pending migrations.
public struct SQLiteStore: HealthStore {
    let writer: any DatabaseWriter
    let clock: @Sendable () -> Instant

    /// Opens (creating if needed, with its directory) the database file at `path` and migrates it.
    public init(path: String, clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws {
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try self.init(writer: DatabasePool(path: path, configuration: Self.configuration), clock: clock)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("cannot open \(path): \(error)")
        }
    }

    /// A private in-memory database, migrated; gone when the last copy of the store is released.
    public static func inMemory(clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws
        -> SQLiteStore
    {
        do {
            return try SQLiteStore(writer: DatabaseQueue(configuration: configuration), clock: clock)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("cannot open an in-memory database: \(error)")
        }
    }

    private init(writer: any DatabaseWriter, clock: @escaping @Sendable () -> Instant) throws {
        self.writer = writer
        self.clock = clock
        do {
            try SQLiteMigrations.migrator.migrate(writer)
        } catch {
            throw StoreError.fault("migration failed: \(error)")
        }
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return configuration
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try SQLiteMigrations.migrator.appliedIdentifiers(db).sorted() }
    }

    /// Every migration the code knows, applied or not.
    public static var knownMigrations: [String] { SQLiteMigrations.migrator.migrations }

    /// Every read is GRDB's async read, even a primary-key lookup. Running point reads synchronously on
    /// the calling thread saved a few percent of a FHIR read, but deadlocked the server under load
    /// (found by the benchmark harness): the two cooperative threads blocked waiting for a reader
    /// connection that only async reads, which needed those threads to finish, could give back.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw SQLiteErrors.storeError(for: error)
        }
    }

    /// Runs `body` in a write transaction; every failure is a `StoreError`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw SQLiteErrors.storeError(for: error)
        }
    }

    public func checkAvailability() async throws {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
