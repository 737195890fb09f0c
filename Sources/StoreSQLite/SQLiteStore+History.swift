import GRDB
public import NativeModel
public import Store

extension SQLiteStore {
    public func history(of table: NativeTable, id: Int64, page: PageRequest) async throws -> Page<RowVersion> {
        try await shortRead { db in
            let below = Page.historyStart(page)
            return Page.history(current: try SQLiteRowVersions.current(table, id: id, db: db),
                                kept: try SQLiteRowVersions.kept(table, id: id, below: below, limit: page.limit + 1, db: db),
                                page: page)
        }
    }

    @discardableResult
    public func pruneHistory(recordedBefore cutoff: Instant) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM row_history WHERE updated_at < ?", arguments: [cutoff.millisecondsSince1970])
            return db.changesCount
        }
    }
}
