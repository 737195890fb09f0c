import Foundation
import Logging
import NativeModel
import Store

/// The read replicas of a primary and how far behind each is: the long reads of
/// `ReplicatedPostgresStore` go to a replica whose lag is within `maximumLagSeconds`, in turn; past
/// the bound, or when a replica does not answer, they go to the primary.
///
/// Lag is measured against the primary, at most once per `checkInterval` per replica: how many bytes
/// of the primary's write-ahead log the replica has not replayed, and, when it is behind at all, how
/// long ago the last transaction it replayed committed
/// (https://www.postgresql.org/docs/15/functions-admin.html#FUNCTIONS-RECOVERY-INFO-TABLE). A replica
/// cut off from its primary has replayed nothing new, so its lag grows and reads leave it. A database
/// that is not in recovery is not a replica (a promoted one, a wrong URL): it takes no reads.
actor PostgresReplicaSet {
    /// A replica's lag in seconds (nil: it cannot be used); injectable for tests.
    typealias LagProbe = @Sendable (_ replica: PostgresStore, _ primary: PostgresStore) async throws -> Double?

    let primary: PostgresStore
    let replicas: [PostgresStore]
    let maximumLagSeconds: Double
    let checkInterval: Duration
    private let probe: LagProbe
    private let logger: Logger
    private var checked: [ContinuousClock.Instant?]
    private var usable: [Bool]
    private var next = 0

    init(primary: PostgresStore, replicas: [PostgresStore], maximumLagSeconds: Double, checkInterval: Duration = .seconds(1),
         logger: Logger, probe: @escaping LagProbe = PostgresReplicaSet.measureLag) {
        self.primary = primary
        self.replicas = replicas
        self.maximumLagSeconds = maximumLagSeconds
        self.checkInterval = checkInterval
        self.logger = logger
        self.probe = probe
        self.checked = Array(repeating: nil, count: replicas.count)
        self.usable = Array(repeating: false, count: replicas.count)
    }

    /// The replica the next long read goes to, nil for the primary.
    func reader() async -> PostgresStore? {
        for _ in replicas.indices {
            let index = next
            next = (next + 1) % max(replicas.count, 1)
            if await isUsable(index) { return replicas[index] }
        }
        return nil
    }

    /// A replica that failed a read takes none until its next check.
    func failed(_ replica: PostgresStore) {
        guard let index = replicas.firstIndex(where: { $0.description == replica.description }) else { return }
        usable[index] = false
        checked[index] = .now
    }

    private func isUsable(_ index: Int) async -> Bool {
        if let last = checked[index], last.duration(to: .now) < checkInterval { return usable[index] }
        checked[index] = .now
        let replica = replicas[index]
        do {
            let lag = try await probe(replica, primary)
            let fresh = lag.map { $0 <= maximumLagSeconds } ?? false
            if fresh != usable[index] {
                logger.info("read replica \(fresh ? "takes" : "leaves") long reads",
                            metadata: ["replica": "\(replica.description)", "lag_seconds": "\(lag.map { String($0) } ?? "not a replica")"])
            }
            usable[index] = fresh
        } catch {
            if usable[index] {
                logger.warning("read replica unavailable", metadata: ["replica": "\(replica.description)", "error": "\(error)"])
            }
            usable[index] = false
        }
        return usable[index]
    }

    /// The replica's lag behind `primary` in seconds: 0 when it has replayed the primary's current
    /// write-ahead log position, else the age of the last transaction it replayed (infinite when it
    /// has replayed none since it started); nil when the database is not a replica.
    static func measureLag(of replica: PostgresStore, behind primary: PostgresStore) async throws -> Double? {
        let position: ColumnValue? = try await primary.connection { connection in
            try await connection.rows(SQLFragment("SELECT pg_current_wal_lsn()::text")).first?.first
        }
        guard let position, case ColumnValue.text(let lsn) = position else {
            throw StoreError.fault("the primary gave no WAL position")
        }
        let row = try await replica.connection { connection in
            try await connection.rows(SQLFragment(
                "SELECT pg_is_in_recovery()::int, COALESCE(pg_wal_lsn_diff(?::pg_lsn, pg_last_wal_replay_lsn()), 0)::float8, "
                    + "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8", [.text(lsn)])).first
        }
        guard let row, row.count == 3, case .integer(let recovering) = row[0] else {
            throw StoreError.fault("a replica's lag read back malformed")
        }
        guard recovering == 1 else { return nil }
        guard case .real(let bytesBehind) = row[1], bytesBehind > 0 else { return 0 }
        // Behind, and nothing replayed since it started (a new replica still catching up): how far
        // behind is unknown, so it is past any bound.
        guard case .real(let seconds) = row[2] else { return .infinity }
        return max(seconds, 0)
    }
}
