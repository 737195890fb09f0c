import NativeModel
import Store

/// A store whose every call fails with `error`: for the paths where the database, not the client, is
/// at fault.
struct FailingStore: HealthStore {
    let error: StoreError

    func apply(_ operations: [WriteOperation]) async throws(StoreError) -> [WriteOutcome] { throw error }
    func user(id: Int64) async throws(StoreError) -> StoredUser? { throw error }
    func users(_ page: PageRequest) async throws(StoreError) -> Page<StoredUser> { throw error }
    func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws(StoreError)
        -> StoredMeasurement<Record>? { throw error }
    func measurements<Record: MeasurementRecord>(_ type: Record.Type, userID: Int64, in range: TimeRange,
                                                 page: PageRequest) async throws(StoreError)
        -> Page<StoredMeasurement<Record>> { throw error }
    func metadata(_ key: String) async throws(StoreError) -> String? { throw error }
    func rowCounts() async throws(StoreError) -> [NativeTable: Int] { throw error }
    func checkAvailability() async throws(StoreError) { throw error }
}
