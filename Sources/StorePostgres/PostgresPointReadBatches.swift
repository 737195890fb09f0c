import NativeModel
import Synchronization

/// A store's batched point reads (`PointReadBatches`): users, and the rows of each measurement table.
final class PostgresPointReadBatches: Sendable {
    let users: PointReadBatches<StoredUser>
    let maximumInFlight: Int
    private let measurementBatches = Mutex<[NativeTable: any Sendable]>([:])

    init(maximumInFlight: Int) {
        self.maximumInFlight = maximumInFlight
        users = Self.batches(maximumInFlight: maximumInFlight)
    }

    /// The batches of `Record`'s table, made on first use.
    func measurements<Record: MeasurementRecord>(_ type: Record.Type) -> PointReadBatches<StoredMeasurement<Record>> {
        measurementBatches.withLock { batches in
            if let found = batches[Record.table] as? PointReadBatches<StoredMeasurement<Record>> { return found }
            let made: PointReadBatches<StoredMeasurement<Record>> = Self.batches(maximumInFlight: maximumInFlight)
            batches[Record.table] = made
            return made
        }
    }

    /// Batches whose reads go on at the event loop they were asked on.
    private static func batches<Row: Sendable>(maximumInFlight: Int) -> PointReadBatches<Row> {
        PointReadBatches(maximumInFlight: maximumInFlight, home: EventLoopCallerHome.current)
    }
}
