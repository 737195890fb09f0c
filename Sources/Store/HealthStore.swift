public import NativeModel

/// The native store: the tracker's tables behind one protocol, with one atomic write entry point.
/// Implementations: `SQLiteStore` (embedded default). Every implementation must pass the contract
/// suite in `Tests/StoreContractKit`.
///
/// Every method throws only `StoreError`. (The signatures say plain `throws`: Swift 6.3's optimizer
/// crashes on async functions with typed throws when they are specialized, so the type is a
/// documented contract, checked by the contract suite, rather than part of the signature.)
public protocol HealthStore: Sendable {
    /// Applies every operation in one transaction, in order: all of them or none. Returns one outcome
    /// per operation. Records are checked against their domain rules first (`StoreError.invalid`).
    @discardableResult
    func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome]

    func user(id: Int64) async throws -> StoredUser?
    /// Users in id order.
    func users(_ page: PageRequest) async throws -> Page<StoredUser>

    func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws
        -> StoredMeasurement<Record>?
    /// One user's rows of a measurement table within `range`, in time order (then id).
    func measurements<Record: MeasurementRecord>(
        _ type: Record.Type, userID: Int64, in range: TimeRange, page: PageRequest
    ) async throws -> Page<StoredMeasurement<Record>>

    /// The points of series (each a value column of a measurement table) for one user or a slice of
    /// users, by time (then row id), oldest or newest first; rows without a value are not points. One
    /// answer per query, all read from one consistent state of the database (and in one trip to it:
    /// a score reads six series per request).
    func series(_ queries: [SeriesQuery]) async throws -> [[SeriesPoint]]
    /// One page of the users that meet every condition of `search`, in its order (then by id): keyset
    /// paging, so walking the pages sees every match once while rows are added.
    func searchUsers(_ search: UserSearch, page: SearchPageRequest) async throws -> SearchPage<StoredUser>
    /// One page of the measurement rows `search`'s arms find, in its order (then by table, row and
    /// arm); keyset paging as for users.
    func searchMeasurements(_ search: MeasurementSearch, page: SearchPageRequest) async throws
        -> SearchPage<MeasurementHit>

    /// The smallest and the largest user id, nil while there are no users: the population's extent,
    /// for reading it a slice at a time.
    func userIDRange() async throws -> ClosedRange<Int64>?

    /// The versions of one row, newest first: the current version (while the row exists), then the
    /// versions updates and deletes replaced and the deletion itself, as long as history keeps them.
    /// Pages go by version: `page.after.id` is the last version seen.
    func history(of table: NativeTable, id: Int64, page: PageRequest) async throws -> Page<RowVersion>
    /// The versions of every row of some tables, newest first by recording time (then table, row and
    /// version): current versions, the versions updates and deletes replaced, and deletions, as long as
    /// history keeps them. FHIR's type- and system-level history and `_since` sync are views of these.
    func changes(_ query: ChangeQuery) async throws -> ChangePage
    /// Forgets the kept versions and deletions recorded before `cutoff`; returns how many.
    @discardableResult
    func pruneHistory(recordedBefore cutoff: Instant) async throws -> Int

    /// A value of the store's own metadata, set by `WriteOperation.setMetadata`.
    func metadata(_ key: String) async throws -> String?
    /// Every metadata key that starts with `prefix`, with its value (the import jobs, `import-job/…`).
    func metadata(prefix: String) async throws -> [String: String]
    /// The values of those of `keys` that are set, read at once.
    func metadata(keys: [String]) async throws -> [String: String]
    /// The users imports made of those of the source records `references` (`Patient/ehr-1`) that an
    /// import has met (`UserMatch.sourceReference`), read at once.
    func users(importedAs references: [String]) async throws -> [String: Int64]
    /// The number of rows in each native table.
    func rowCounts() async throws -> [NativeTable: Int]
    /// Throws `unavailable` unless the database answers a query now.
    func checkAvailability() async throws
    /// The store long reads go through: population-wide searches, history, the population statistics
    /// and `$stats`, which may be answered a little behind the latest write (a read replica within
    /// its lag bound). Writes through it, and every read that must see the caller's own write, go
    /// to the primary. The store itself unless it has replicas.
    var longReads: any HealthStore { get }
    /// Runs `body` unless work under `key` is running elsewhere now, in any process on this database;
    /// nil when it is. PostgreSQL holds a session advisory lock for the call (freed when it ends, or
    /// when the node holding it dies); a single-process store (SQLite) runs `body` at once.
    func exclusively<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T?
    /// Appends `records` to the audit trail in a transaction of their own, each linked to the one
    /// before (`AuditChain`): what reads and refused requests leave, batched. A write's own record goes
    /// in the write's transaction instead (`AuditHook`).
    func appendAudit(_ records: [AuditRecord]) async throws
    /// Audit records, newest first.
    func auditRecords(_ query: AuditQuery) async throws -> [StoredAuditRecord]
    /// Up to `limit` audit records after `sequence`, oldest first, with the pruned part's anchor.
    func auditChain(after sequence: Int64, limit: Int) async throws -> AuditChainPage
    /// Removes the audit records recorded before `cutoff` (the retention period's only deletion) and
    /// appends `record`, the prune's own record, in one transaction; returns how many went. The last
    /// removed record's sequence and hash stay as the anchor the first kept record links to.
    @discardableResult
    func pruneAudit(recordedBefore cutoff: Instant, record: AuditRecord) async throws -> Int

    /// Runs `body` with a read-only view of the store that sees the database as it was at one moment,
    /// and that moment: every write the view sees was recorded (`updated_at`, history) at or before
    /// it, every write it does not see later (`WriteClock`). Bulk Data export reads through one, so
    /// that its files agree with each other and with its `transactionTime`. Writes through the view
    /// fail. Opened on the primary database: the moment is exact only there.
    func snapshot<T: Sendable>(_ body: @Sendable (_ view: any HealthStore, _ moment: Instant) async throws -> T)
        async throws -> T
}

extension HealthStore {
    public var longReads: any HealthStore { self }

    public func exclusively<T: Sendable>(_ key: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await body()
    }

    /// The points of one series.
    public func series(_ query: SeriesQuery) async throws -> [SeriesPoint] {
        try await series([query]).first ?? []
    }
}
