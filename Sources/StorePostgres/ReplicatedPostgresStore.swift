import Foundation
public import Logging
public import NativeModel
public import Store

/// A PostgreSQL primary with read replicas (`--database-replica`): every write and every read goes to
/// the primary, except the reads made through `longReads` (population-wide searches, history, the
/// population statistics, `$stats`), which go to a replica within the lag bound, in turn
/// (`PostgresReplicaSet`). A long read that a replica fails is answered by the primary. Replication
/// itself is PostgreSQL's streaming replication (DEPLOY.md); this only chooses where to read.
public struct ReplicatedPostgresStore: HealthStore {
    let primary: PostgresStore
    let replicaSet: PostgresReplicaSet
    let routesLongReads: Bool

    /// The primary with `replicas`, whose long reads wait for none that is more than
    /// `maximumLagSeconds` behind it.
    public init(primary: PostgresStore, replicas: [PostgresStore], maximumLagSeconds: Double,
                logger: Logger = Logger(label: "health-gateway.postgres")) {
        self.init(primary: primary, replicaSet: PostgresReplicaSet(primary: primary, replicas: replicas,
                                                                   maximumLagSeconds: maximumLagSeconds, logger: logger))
    }

    init(primary: PostgresStore, replicaSet: PostgresReplicaSet, routesLongReads: Bool = false) {
        self.primary = primary
        self.replicaSet = replicaSet
        self.routesLongReads = routesLongReads
    }

    public var description: String { primary.description }

    public var longReads: any HealthStore {
        ReplicatedPostgresStore(primary: primary, replicaSet: replicaSet, routesLongReads: true)
    }

    /// Runs every pool (the primary's and each replica's) until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await primary.run() }
            for replica in replicaSet.replicas { group.addTask { await replica.run() } }
        }
    }

    /// `body` on the store this read goes to: the primary, or for a long read a fresh replica (the
    /// primary again when the replica fails it).
    private func read<T: Sendable>(_ body: (PostgresStore) async throws -> T) async throws -> T {
        guard routesLongReads, let replica = await replicaSet.reader() else { return try await body(primary) }
        do {
            return try await body(replica)
        } catch {
            if case StoreError.unavailable = error { await replicaSet.failed(replica) }
            return try await body(primary)
        }
    }

    @discardableResult
    public func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome] {
        try await primary.apply(operations)
    }

    public func user(id: Int64) async throws -> StoredUser? {
        try await read { try await $0.user(id: id) }
    }

    public func users(_ page: PageRequest) async throws -> Page<StoredUser> {
        try await read { try await $0.users(page) }
    }

    public func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws
        -> StoredMeasurement<Record>?
    {
        try await read { try await $0.measurement(type, id: id) }
    }

    public func measurements<Record: MeasurementRecord>(
        _ type: Record.Type, userID: Int64, in range: TimeRange, page: PageRequest
    ) async throws -> Page<StoredMeasurement<Record>> {
        try await read { try await $0.measurements(type, userID: userID, in: range, page: page) }
    }

    public func series(_ queries: [SeriesQuery]) async throws -> [[SeriesPoint]] {
        try await read { try await $0.series(queries) }
    }

    public func searchUsers(_ search: UserSearch, page: SearchPageRequest) async throws -> SearchPage<StoredUser> {
        try await read { try await $0.searchUsers(search, page: page) }
    }

    public func searchMeasurements(_ search: MeasurementSearch, page: SearchPageRequest) async throws
        -> SearchPage<MeasurementHit>
    {
        try await read { try await $0.searchMeasurements(search, page: page) }
    }

    public func userIDRange() async throws -> ClosedRange<Int64>? {
        try await read { try await $0.userIDRange() }
    }

    public func history(of table: NativeTable, id: Int64, page: PageRequest) async throws -> Page<RowVersion> {
        try await read { try await $0.history(of: table, id: id, page: page) }
    }

    public func changes(_ query: ChangeQuery) async throws -> ChangePage {
        try await read { try await $0.changes(query) }
    }

    @discardableResult
    public func pruneHistory(recordedBefore cutoff: Instant) async throws -> Int {
        try await primary.pruneHistory(recordedBefore: cutoff)
    }

    public func metadata(_ key: String) async throws -> String? {
        try await read { try await $0.metadata(key) }
    }

    public func metadata(prefix: String) async throws -> [String: String] {
        try await read { try await $0.metadata(prefix: prefix) }
    }

    public func metadata(keys: [String]) async throws -> [String: String] {
        try await read { try await $0.metadata(keys: keys) }
    }

    public func users(importedAs references: [String]) async throws -> [String: Int64] {
        try await read { try await $0.users(importedAs: references) }
    }

    public func rowCounts() async throws -> [NativeTable: Int] {
        try await read { try await $0.rowCounts() }
    }

    public func appendAudit(_ records: [AuditRecord]) async throws {
        try await primary.appendAudit(records)
    }

    /// Audit reads go to the primary: an auditor asks what happened up to now.
    public func auditRecords(_ query: AuditQuery) async throws -> [StoredAuditRecord] {
        try await primary.auditRecords(query)
    }

    public func auditChain(after sequence: Int64, limit: Int) async throws -> AuditChainPage {
        try await primary.auditChain(after: sequence, limit: limit)
    }

    public func pruneAudit(recordedBefore cutoff: Instant, record: AuditRecord) async throws -> Int {
        try await primary.pruneAudit(recordedBefore: cutoff, record: record)
    }

    public func exclusively<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await primary.exclusively(key, body)
    }

    /// On the primary: a replica's state has no moment that splits the writes exactly.
    public func snapshot<T: Sendable>(_ body: @Sendable (_ view: any HealthStore, _ moment: Instant) async throws -> T)
        async throws -> T
    {
        try await primary.snapshot(body)
    }

    /// The primary's availability: a node without its primary cannot serve.
    public func checkAvailability() async throws {
        try await primary.checkAvailability()
    }
}
