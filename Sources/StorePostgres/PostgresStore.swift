public import Foundation
public import Logging
public import NativeModel
import PostgresNIO
public import Store

/// The store for several gateway nodes: the native tables in one PostgreSQL database through
/// postgres-nio's connection pool. Any number of stateless nodes share it; PostgreSQL does the rest
/// (replication, backups, failover).
///
/// The pool works only while `run()` runs (a service of the server, or a task in a test): every call
/// waits for a connection from it. Writes are one transaction per `apply`; reads of several
/// statements (a search page: counts, then the page, then its rows) run in one `REPEATABLE READ`
/// read-only transaction, so they see one state of the database, as SQLite's read transactions do.
public struct PostgresStore: HealthStore {
    let client: PostgresClient
    let clock: @Sendable () -> Instant
    /// The times writes are recorded at, in step with snapshots (`PostgresStore+Snapshot`).
    let stamps: WriteClock
    /// The exported snapshot every read of a snapshot view joins; nil for the store itself.
    let snapshotID: String?
    /// Point reads (by primary key) that arrive while others run, gathered into one statement a batch.
    let pointReads: PostgresPointReadBatches
    let logger: Logger
    /// What the store says about itself in errors: the URL without its password.
    public let description: String

    /// A store on the database at `url` (`postgresql://user[:password]@host[:port]/database`), with at
    /// most `poolSize` connections. The password comes from the URL or else `PGPASSWORD`. `schema`,
    /// when given, is the schema the store's tables live in (it must exist). Nothing connects before
    /// `run()`.
    public init(url: String, poolSize: Int = 20, schema: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                logger: Logger = Logger(label: "health-gateway.postgres"),
                clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws {
        let location = try PostgresLocation(url: url, environment: environment)
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        configuration.options.maximumConnections = max(poolSize, 1)
        configuration.options.minimumConnections = 0
        if let schema {
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        self.client = PostgresClient(configuration: configuration, eventLoopGroup: SpreadEventLoopGroup(), backgroundLogger: logger)
        self.clock = clock
        self.stamps = WriteClock(clock)
        self.snapshotID = nil
        self.pointReads = PostgresPointReadBatches(maximumInFlight: Self.pointReadsInFlight)
        self.logger = logger
        self.description = location.description
    }

    /// A read-only view of `store` whose reads all join the exported snapshot `snapshotID`.
    init(viewOf store: PostgresStore, snapshotID: String) {
        client = store.client
        clock = store.clock
        stamps = store.stamps
        self.snapshotID = snapshotID
        pointReads = store.pointReads
        logger = store.logger
        description = store.description
    }

    /// Runs the connection pool until the task is cancelled (the server's shutdown).
    public func run() async {
        await client.run()
    }

    /// Applies the migrations this database lacks, one node at a time.
    public func migrate() async throws {
        try await PostgresMigrator(store: self).migrate()
    }

    /// The identifiers of the migrations applied to this database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await PostgresMigrator(store: self).applied()
    }

    /// Every migration the code knows.
    public static var knownMigrations: [String] { PostgresMigrations.all.map(\.identifier) }

    public func checkAvailability() async throws {
        try await connection { connection in try await connection.run(SQLFragment("SELECT 1")) }
    }

    // MARK: Running statements

    /// Runs `body` on a connection of the pool; every failure is a `StoreError`.
    func connection<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        if snapshotID != nil { return try await read(body) }
        let asked = ContinuousClock.now
        do {
            return try await client.withConnection { connection in
                PoolWaits.began(Self.connectionAccess, asked: asked)
                return try await body(connection)
            }
        } catch {
            throw PostgresErrors.storeError(for: error)
        }
    }

    /// Runs `body` in one read-only transaction that sees a single state of the database.
    func read<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let asked = ContinuousClock.now
        do {
            return try await client.withTransaction(logger: logger) { connection in
                PoolWaits.began(Self.readAccess, asked: asked)
                try await connection.run(SQLFragment("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
                if let snapshotID {
                    try await connection.run(SQLFragment("SET TRANSACTION SNAPSHOT '\(snapshotID)'"))
                }
                return try await body(connection)
            }
        } catch {
            throw PostgresErrors.storeError(for: error)
        }
    }

    /// Runs `body` in a write transaction, again from the start when PostgreSQL could not serialize it
    /// with a concurrent one (a deadlock between match locks, or a unique key that a concurrent batch
    /// took first: the retry finds that row). Every failure is a `StoreError`.
    func write<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        guard snapshotID == nil else { throw StoreError.fault("a snapshot of the store is read-only") }
        var attempt = 0
        while true {
            attempt += 1
            let asked = ContinuousClock.now
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    PoolWaits.began(Self.writeAccess, asked: asked)
                    return try await body(connection)
                }
            } catch {
                if attempt < Self.writeAttempts, PostgresErrors.isRetryable(error) { continue }
                throw PostgresErrors.storeError(for: error)
            }
        }
    }

    static let writeAttempts = 4
    /// How many statements of point reads of one kind run at once; more reads wait for the next batch.
    /// Measured with Patient reads under `wrk -c64` on this 2-core machine, PostgreSQL beside the
    /// gateway (BENCHMARKS.md): 1 and 2 in flight read 1.6–1.9 times as many as one statement per read,
    /// 4 less, 8 hardly more than none. Since each read of a batch goes on at its own event loop
    /// (`CallerHome`), one in flight reads 14–24% more than two with one node and 87–88% of one node's
    /// reads with two nodes (67–68% with two in flight): its batches are larger, and each batch costs
    /// PostgreSQL and the gateway a statement whatever its size. Each kind of row has its own batches,
    /// so a slow statement holds the reads of its kind only.
    static let pointReadsInFlight = 1
    // The wait of a transaction includes its BEGIN's round trip: postgres-nio sends it before the body.
    static let connectionAccess = PoolWaits.Access(engine: "postgres", kind: "connection")
    static let readAccess = PoolWaits.Access(engine: "postgres", kind: "read")
    static let writeAccess = PoolWaits.Access(engine: "postgres", kind: "write")

    /// `body` under a session advisory lock on `key` (hashed to 64 bits), taken without waiting: nil
    /// when another session holds it. The lock's connection stays leased for the call, so a node
    /// that dies mid-work frees it with its connection
    /// (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS).
    public func exclusively<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await connection { connection in
            let taken = try await connection.integer(SQLFragment("SELECT pg_try_advisory_lock(hashtextextended(?, 1))::int",
                                                                 [.text(key)]))
            guard taken == 1 else { return nil }
            do {
                let result = try await body()
                try await connection.run(SQLFragment("SELECT pg_advisory_unlock(hashtextextended(?, 1))", [.text(key)]))
                return result
            } catch {
                try? await connection.run(SQLFragment("SELECT pg_advisory_unlock(hashtextextended(?, 1))", [.text(key)]))
                throw error
            }
        }
    }
}

extension PostgresConnection {
    /// The rows of `fragment` (its `?` marks numbered `$1`, `$2`, …) as engine-neutral values.
    func rows(_ fragment: SQLFragment) async throws -> [[ColumnValue]] {
        try await rows(PostgresStatement.query(fragment))
    }

    /// The rows of `query` (the store's own SQL, with binds of any type: arrays for `unnest`, `ANY`) as
    /// engine-neutral values.
    func rows(_ query: PostgresQuery) async throws -> [[ColumnValue]] {
        var rows: [[ColumnValue]] = []
        for try await row in try await self.query(query, logger: PostgresStatement.logger) {
            rows.append(try PostgresStatement.values(of: row))
        }
        return rows
    }

    /// The first column of the first row as an integer (a count, an id), nil without rows.
    func integer(_ fragment: SQLFragment) async throws -> Int64? {
        guard let first = try await rows(fragment).first?.first else { return nil }
        if case .integer(let value) = first { return value }
        return nil
    }

    /// Runs a statement for its effect.
    func run(_ fragment: SQLFragment) async throws {
        _ = try await rows(fragment)
    }
}

extension PostgresStore {
    /// Runs SQL the caller wrote whole, with no values (administration: creating a schema for a
    /// test, dropping it). Never pass it input.
    public func execute(unsafeSQL sql: String) async throws {
        try await connection { connection in try await connection.run(SQLFragment(sql)) }
    }
}
