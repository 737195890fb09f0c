import NativeModel
import Store

/// A store whose every call fails with `error`: for the paths where the database, not the client, is
/// at fault.
struct FailingStore: HealthStore {
    let error: StoreError

    func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome] { throw error }
    func user(id: Int64) async throws -> StoredUser? { throw error }
    func users(_ page: PageRequest) async throws -> Page<StoredUser> { throw error }
    func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws
        -> StoredMeasurement<Record>? { throw error }
    func measurements<Record: MeasurementRecord>(_ type: Record.Type, userID: Int64, in range: TimeRange,
                                                 page: PageRequest) async throws
        -> Page<StoredMeasurement<Record>> { throw error }
    func series(_ queries: [SeriesQuery]) async throws -> [[SeriesPoint]] { throw error }
    func userIDRange() async throws -> ClosedRange<Int64>? { throw error }
    func searchUsers(_ search: UserSearch, page: SearchPageRequest) async throws -> SearchPage<StoredUser> { throw error }
    func searchMeasurements(_ search: MeasurementSearch, page: SearchPageRequest) async throws
        -> SearchPage<MeasurementHit> { throw error }
    func history(of table: NativeTable, id: Int64, page: PageRequest) async throws -> Page<RowVersion> { throw error }
    func pruneHistory(recordedBefore cutoff: Instant) async throws -> Int { throw error }
    func changes(_ query: ChangeQuery) async throws -> ChangePage { throw error }
    func metadata(_ key: String) async throws -> String? { throw error }
    func metadata(prefix: String) async throws -> [String: String] { throw error }
    func metadata(keys: [String]) async throws -> [String: String] { throw error }
    func users(importedAs references: [String]) async throws -> [String: Int64] { throw error }
    func rowCounts() async throws -> [NativeTable: Int] { throw error }
    func checkAvailability() async throws { throw error }
    func appendAudit(_ records: [AuditRecord]) async throws { throw error }
    func auditRecords(_ query: AuditQuery) async throws -> [StoredAuditRecord] { throw error }
    func auditChain(after sequence: Int64, limit: Int) async throws -> AuditChainPage { throw error }
    func pruneAudit(recordedBefore cutoff: Instant, record: AuditRecord) async throws -> Int { throw error }
    func snapshot<T: Sendable>(_ body: @Sendable (any HealthStore, Instant) async throws -> T) async throws -> T {
        throw error
    }
}
