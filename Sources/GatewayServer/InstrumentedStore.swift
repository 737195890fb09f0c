public import NativeModel
public import Store

/// The store with the time of each of its calls recorded (`GatewayMetrics.storeCall`): the
/// `store_call_duration_seconds` histogram by operation (the `HealthStore` method), and
/// `store_call_errors_total` by operation. The time includes any wait for a connection: neither GRDB's
/// pool nor postgres-nio's client reports that wait on its own. `serve` wraps its store in one when
/// the metrics are on; nothing else changes.
/// Generic over the store it wraps, so the gateway's code stays specialized for the engine's own type.
public struct InstrumentedStore<Base: HealthStore>: HealthStore {
    let base: Base
    let metrics: GatewayMetrics

    public init(_ base: Base, metrics: GatewayMetrics) {
        self.base = base
        self.metrics = metrics
    }

    private func timed<T>(_ operation: StoreOperation, _ body: () async throws -> T) async throws -> T {
        let started = ContinuousClock.now
        do {
            let result = try await body()
            metrics.storeCall(operation, duration: ContinuousClock.now - started, failed: false)
            return result
        } catch {
            metrics.storeCall(operation, duration: ContinuousClock.now - started, failed: true)
            throw error
        }
    }

    @discardableResult
    public func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome] {
        try await timed(.apply) { try await base.apply(operations) }
    }

    public func user(id: Int64) async throws -> StoredUser? {
        try await timed(.user) { try await base.user(id: id) }
    }

    public func users(_ page: PageRequest) async throws -> Page<StoredUser> {
        try await timed(.users) { try await base.users(page) }
    }

    public func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws
        -> StoredMeasurement<Record>?
    {
        try await timed(.measurement) { try await base.measurement(type, id: id) }
    }

    public func measurements<Record: MeasurementRecord>(
        _ type: Record.Type, userID: Int64, in range: TimeRange, page: PageRequest
    ) async throws -> Page<StoredMeasurement<Record>> {
        try await timed(.measurements) { try await base.measurements(type, userID: userID, in: range, page: page) }
    }

    public func series(_ queries: [SeriesQuery]) async throws -> [[SeriesPoint]] {
        try await timed(.series) { try await base.series(queries) }
    }

    public func searchUsers(_ search: UserSearch, page: SearchPageRequest) async throws -> SearchPage<StoredUser> {
        try await timed(.searchUsers) { try await base.searchUsers(search, page: page) }
    }

    public func searchMeasurements(_ search: MeasurementSearch, page: SearchPageRequest) async throws
        -> SearchPage<MeasurementHit>
    {
        try await timed(.searchMeasurements) { try await base.searchMeasurements(search, page: page) }
    }

    public func userIDRange() async throws -> ClosedRange<Int64>? {
        try await timed(.userIDRange) { try await base.userIDRange() }
    }

    public func history(of table: NativeTable, id: Int64, page: PageRequest) async throws -> Page<RowVersion> {
        try await timed(.history) { try await base.history(of: table, id: id, page: page) }
    }

    public func changes(_ query: ChangeQuery) async throws -> ChangePage {
        try await timed(.changes) { try await base.changes(query) }
    }

    @discardableResult
    public func pruneHistory(recordedBefore cutoff: Instant) async throws -> Int {
        try await timed(.pruneHistory) { try await base.pruneHistory(recordedBefore: cutoff) }
    }

    public func metadata(_ key: String) async throws -> String? {
        try await timed(.metadata) { try await base.metadata(key) }
    }

    public func metadata(prefix: String) async throws -> [String: String] {
        try await timed(.metadata) { try await base.metadata(prefix: prefix) }
    }

    public func metadata(keys: [String]) async throws -> [String: String] {
        try await timed(.metadata) { try await base.metadata(keys: keys) }
    }

    public func users(importedAs references: [String]) async throws -> [String: Int64] {
        try await timed(.usersImportedAs) { try await base.users(importedAs: references) }
    }

    public func rowCounts() async throws -> [NativeTable: Int] {
        try await timed(.rowCounts) { try await base.rowCounts() }
    }

    public func appendAudit(_ records: [AuditRecord]) async throws {
        try await timed(.appendAudit) { try await base.appendAudit(records) }
    }

    public func auditRecords(_ query: AuditQuery) async throws -> [StoredAuditRecord] {
        try await timed(.auditRecords) { try await base.auditRecords(query) }
    }

    public func auditChain(after sequence: Int64, limit: Int) async throws -> AuditChainPage {
        try await timed(.auditRecords) { try await base.auditChain(after: sequence, limit: limit) }
    }

    public func pruneAudit(recordedBefore cutoff: Instant, record: AuditRecord) async throws -> Int {
        try await timed(.pruneAudit) { try await base.pruneAudit(recordedBefore: cutoff, record: record) }
    }

    public func checkAvailability() async throws {
        try await timed(.checkAvailability) { try await base.checkAvailability() }
    }

    /// The long-read store (a replica when there is one), instrumented as well.
    public var longReads: any HealthStore {
        instrumented(base.longReads, metrics: metrics)
    }

    public func exclusively<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await base.exclusively(key, body)
    }

    /// The snapshot's view is instrumented too; the time of the whole snapshot (an export) is not a call's.
    public func snapshot<T: Sendable>(_ body: @Sendable (_ view: any HealthStore, _ moment: Instant) async throws -> T)
        async throws -> T
    {
        let metrics = self.metrics
        return try await base.snapshot { view, moment in try await body(instrumented(view, metrics: metrics), moment) }
    }
}

/// Another store (a replica, a snapshot's view) instrumented as well, opened to its own type.
private func instrumented(_ store: any HealthStore, metrics: GatewayMetrics) -> any HealthStore {
    func open<Store: HealthStore>(_ store: Store) -> any HealthStore { InstrumentedStore(store, metrics: metrics) }
    return open(store)
}

/// The `operation` label of the store's metrics: a `HealthStore` method.
enum StoreOperation: String, CaseIterable, Sendable {
    case apply, user, users, measurement, measurements, series, searchUsers = "search_users"
    case searchMeasurements = "search_measurements", userIDRange = "user_id_range", history, changes
    case pruneHistory = "prune_history", metadata, usersImportedAs = "users_imported_as", rowCounts = "row_counts"
    case checkAvailability = "check_availability", appendAudit = "append_audit", auditRecords = "audit_records"
    case pruneAudit = "prune_audit"
}
