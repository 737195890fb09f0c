import GRDB
import NativeModel
public import Store

extension SQLiteStore {
    /// Checks every record against its domain rules, then applies all operations in one write
    /// transaction; any failure rolls the whole batch back.
    @discardableResult
    public func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome] {
        let now = clock()
        try WritePlanning.validate(operations, now: now)
        return try await write { [stamps] db in
            // Recorded at a time taken under the writer's lock: snapshots open under it too (WriteClock).
            var batch = SQLiteBatch(db: db, now: max(now, stamps.writeTime()))
            var outcomes: [WriteOutcome] = []
            outcomes.reserveCapacity(operations.count)
            for (index, operation) in operations.enumerated() {
                if case .setMetadataFromOutcomes(let key, let value) = operation {
                    outcomes.append(try batch.apply(.setMetadata(key: key, value: try value(outcomes)), at: index))
                } else {
                    outcomes.append(try batch.apply(operation, at: index))
                }
            }
            return outcomes
        }
    }
}
