import GRDB
import NativeModel
public import Store

extension SQLiteStore {
    /// Checks every record against its domain rules, then applies all operations in one write
    /// transaction; any failure rolls the whole batch back. The request's audit record, if it has an
    /// `AuditHook`, is the transaction's last statement.
    @discardableResult
    public func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome] {
        let now = clock()
        try WritePlanning.validate(operations, now: now)
        let audit = AuditHook.current  // read here: the writer's queue has no task-locals
        let outcomes = try await write { [stamps] db in
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
            if let record = audit?.record(for: outcomes) { try Self.appendAudit([record], db) }
            return outcomes
        }
        audit?.committed()
        return outcomes
    }
}
