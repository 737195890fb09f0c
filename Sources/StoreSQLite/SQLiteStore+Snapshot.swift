import GRDB
public import NativeModel
public import Store

extension SQLiteStore {
    /// Opens the snapshot on the writer's queue, outside a transaction: no write runs meanwhile, and a
    /// write records its time only on that queue (`apply`), so the moment taken there splits the writes
    /// exactly (`WriteClock`). A file store's snapshot is a connection of its own holding one read
    /// transaction open (GRDB's `DatabaseSnapshot`, WAL mode: writers go on meanwhile); an in-memory
    /// store, which has one connection, is copied whole into a private one (SQLite's backup API) for
    /// the view to read.
    public func snapshot<T: Sendable>(_ body: @Sendable (_ view: any HealthStore, _ moment: Instant) async throws -> T)
        async throws -> T
    {
        guard snapshotReader == nil else { return try await body(self, stamps.writeTime()) }
        let (reader, moment): (any DatabaseReader, Instant)
        do {
            (reader, moment) = try await writer.writeWithoutTransaction { [writer, stamps] db in
                let reader: any DatabaseReader
                if let pool = writer as? DatabasePool {
                    reader = try pool.makeSnapshot()
                } else {
                    let copy = try DatabaseQueue()
                    try copy.writeWithoutTransaction { destination in try db.backup(to: destination) }
                    reader = copy
                }
                let moment = stamps.snapshotMoment()
                WriteClock.settle(after: moment)
                return (reader, moment)
            }
        } catch {
            throw SQLiteErrors.storeError(for: error)
        }
        return try await body(SQLiteStore(viewOf: self, reader: reader), moment)
    }
}
