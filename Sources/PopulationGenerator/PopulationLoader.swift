public import Store

/// Writes population members into a store, a number of whole members per atomic batch: a failure
/// leaves only whole members written, never half of one.
public enum PopulationLoader {
    public struct Summary: Sendable, Equatable {
        public var users = 0
        public var measurements = 0
    }

    /// Writes `members`, `membersPerBatch` at a time; `finalOperations` join the last batch, so a marker
    /// written with them is set exactly when everything was written.
    @discardableResult
    public static func load(
        _ members: some Sequence<PopulationMember>, into store: some HealthStore, membersPerBatch: Int = 200,
        finalOperations: [WriteOperation] = [], progress: (Summary) -> Void = { _ in }
    ) async throws -> Summary {
        var summary = Summary()
        var batch: [WriteOperation] = []
        var membersInBatch = 0
        for member in members {
            batch += member.writeOperations(userIndex: batch.count)
            membersInBatch += 1
            summary.users += 1
            summary.measurements += member.measurementCount
            if membersInBatch == membersPerBatch {
                try await store.apply(batch)
                progress(summary)
                batch.removeAll(keepingCapacity: true)
                membersInBatch = 0
            }
        }
        batch += finalOperations
        if !batch.isEmpty { try await store.apply(batch) }
        progress(summary)
        return summary
    }
}
