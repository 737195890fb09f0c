import NativeModel
import Synchronization

/// A store's batched point reads (`PointReadBatches`): users, and the rows of each measurement table.
final class PostgresPointReadBatches: Sendable {
    let users: PointReadBatches<StoredUser>
    let maximumInFlight: Int
    private let measurementBatches = Mutex<[NativeTable: any Sendable]>([:])

    init(maximumInFlight: Int) {
        self.maximumInFlight = maximumInFlight
        users = PointReadBatches(maximumInFlight: maximumInFlight, home: EventLoopCallerHome.current)
    }

    /// The batches of `Record`'s table, made on first use.
    func measurements<Record: MeasurementRecord>(_ type: Record.Type) -> PointReadBatches<StoredMeasurement<Record>> {
        measurementBatches.withLock { batches in
            if let found = batches[Record.table] as? PointReadBatches<StoredMeasurement<Record>> { return found }
            let made = PointReadBatches<StoredMeasurement<Record>>(maximumInFlight: maximumInFlight, home: EventLoopCallerHome.current)
            batches[Record.table] = made
            return made
        }
    }
}
