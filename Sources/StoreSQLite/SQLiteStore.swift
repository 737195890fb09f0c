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
    /// The times writes are recorded at, in step with snapshots (`snapshot`).
    let stamps: WriteClock
    /// A file store's connections for short reads (see `shortRead`); nil for an in-memory store.
    let shortReaders: ShortReaders?
    /// What every read of a snapshot view goes to (`SQLiteStore+Snapshot`); nil for the store itself.
    let snapshotReader: (any DatabaseReader)?

    /// Opens (creating if needed, with its directory) the database file at `path` and migrates it.
    public init(path: String, clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws {
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: path, configuration: Self.configuration)
            try self.init(writer: pool, clock: clock) {
                try ShortReaders(path: path, count: ShortReaders.defaultCount)
            }
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
            return try SQLiteStore(writer: DatabaseQueue(configuration: configuration), clock: clock) { nil }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.unavailable("cannot open an in-memory database: \(error)")
        }
    }

    /// Migrates, then opens the short readers (on the migrated schema).
    private init(writer: any DatabaseWriter, clock: @escaping @Sendable () -> Instant,
                 shortReaders: () throws -> ShortReaders?) throws {
        self.writer = writer
        self.clock = clock
        self.stamps = WriteClock(clock)
        self.snapshotReader = nil
        do {
            try SQLiteMigrations.migrator.migrate(writer)
        } catch {
            throw StoreError.fault("migration failed: \(error)")
        }
        self.shortReaders = try shortReaders()
    }

    /// A read-only view of `store` whose reads all go to `reader`, a snapshot of its database.
    init(viewOf store: SQLiteStore, reader: any DatabaseReader) {
        writer = store.writer
        clock = store.clock
        stamps = store.stamps
        shortReaders = nil
        snapshotReader = reader
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: memoryMapping)
        }
        return configuration
    }

    /// Database pages read through a memory map (https://www.sqlite.org/mmap.html), up to 4 GiB of the
    /// file. A connection drops its whole page cache whenever another connection has committed; with
    /// the audit trail appending reads' records every second, each reader then read its pages again
    /// with a `pread` each. Mapped, they are there without a copy: on the 100,000-patient benchmark,
    /// Patient reads with the audit on went from 78% to 85% of the same without (BENCHMARKS.md).
    static let memoryMapping = "PRAGMA mmap_size = 4294967296"

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await read { db in try SQLiteMigrations.migrator.appliedIdentifiers(db).sorted() }
    }

    /// Every migration the code knows, applied or not.
    public static var knownMigrations: [String] { SQLiteMigrations.migrator.migrations }

    static let readAccess = PoolWaits.Access(engine: "sqlite", kind: "read")
    static let writeAccess = PoolWaits.Access(engine: "sqlite", kind: "write")

    /// Runs `body` in a read transaction through GRDB's async read; every failure is a `StoreError`.
    /// For reads whose length has no small bound: population-wide searches and counts, statistics.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let asked = ContinuousClock.now
        do {
            return try await (snapshotReader ?? writer).read { db in
                PoolWaits.began(Self.readAccess, asked: asked)
                return try body(db)
            }
        } catch {
            throw SQLiteErrors.storeError(for: error)
        }
    }

    /// Runs `body`, a read of a few rows by an index (a row by id, a page, one patient's series), in a
    /// read transaction on the calling thread when a short reader is free, through `read` otherwise
    /// (see `ShortReaders` for why, and for what it saves). A `body` that runs one statement says so
    /// with `scope: .statement`: it then runs without BEGIN and COMMIT.
    func shortRead<T: Sendable>(scope: ShortReaders.Scope = .transaction,
                                _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            if let result = try shortReaders?.read(scope: scope, body) { return result }
        } catch {
            throw SQLiteErrors.storeError(for: error)
        }
        return try await read(body)
    }

    /// Runs `body` in a write transaction; every failure is a `StoreError`.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard snapshotReader == nil else { throw StoreError.fault("a snapshot of the store is read-only") }
        let asked = ContinuousClock.now
        do {
            return try await writer.write { db in
                PoolWaits.began(Self.writeAccess, asked: asked)
                return try body(db)
            }
        } catch {
            throw SQLiteErrors.storeError(for: error)
        }
    }

    public func checkAvailability() async throws {
        _ = try await shortRead { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
