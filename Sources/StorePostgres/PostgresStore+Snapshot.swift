public import NativeModel
import PostgresNIO
public import Store

extension PostgresStore {
    /// The advisory lock that orders writes and snapshots: every write transaction takes it shared
    /// before it records its time (`apply`); a snapshot takes it exclusively while it opens, so no write
    /// is between taking its time and committing then, on any node.
    static func snapshotBarrier(shared: Bool) -> SQLFragment {
        shared ? SQLFragment("SELECT pg_advisory_xact_lock_shared(hashtextextended(?, 1))", [.text(barrierKey)])
            : SQLFragment("SELECT pg_advisory_lock(hashtextextended(?, 1))", [.text(barrierKey)])
    }

    private static var barrierKey: String { "health-gateway/snapshot-barrier" }

    /// Opens a `REPEATABLE READ` read-only transaction on a connection of its own, with writes held off
    /// by the barrier lock for the few milliseconds it takes, exports its snapshot
    /// (`pg_export_snapshot()`, https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-SNAPSHOT-SYNCHRONIZATION)
    /// and keeps it open while `body` runs: every read of the view starts with `SET TRANSACTION
    /// SNAPSHOT`, on whichever connection of the pool it gets, and sees the same state.
    public func snapshot<T: Sendable>(_ body: @Sendable (_ view: any HealthStore, _ moment: Instant) async throws -> T)
        async throws -> T
    {
        guard snapshotID == nil else { return try await body(self, stamps.writeTime()) }
        do {
            return try await client.withConnection { connection in
                try await connection.run(Self.snapshotBarrier(shared: false))
                var locked = true
                let unlock = SQLFragment("SELECT pg_advisory_unlock(hashtextextended(?, 1))", [.text(Self.barrierKey)])
                do {
                    try await connection.run(SQLFragment("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
                    let rows = try await connection.rows(SQLFragment("SELECT pg_export_snapshot()"))
                    guard case .text(let id)? = rows.first?.first, id.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                        throw StoreError.fault("PostgreSQL exported no snapshot id")
                    }
                    let moment = stamps.snapshotMoment()
                    await WriteClock.settleAsync(after: moment)
                    try await connection.run(unlock)
                    locked = false
                    let result = try await body(PostgresStore(viewOf: self, snapshotID: id), moment)
                    try await connection.run(SQLFragment("COMMIT"))
                    return result
                } catch {
                    try? await connection.run(SQLFragment("ROLLBACK"))
                    if locked { try? await connection.run(unlock) }
                    throw error
                }
            }
        } catch let error as PSQLError {
            throw PostgresErrors.storeError(for: error)
        }
    }
}
