import GRDB
public import NativeModel
public import Store

extension SQLiteStore {
    public func history(of table: NativeTable, id: Int64, page: PageRequest) async throws -> Page<RowVersion> {
        try await shortRead { db in
            let below = page.after?.id ?? Int64.max
            var versions: [RowVersion] = []
            if let current = try SQLiteRowVersions.current(table, id: id, db: db), Int64(current.version) < below {
                versions.append(current)
            }
            versions += try SQLiteRowVersions.kept(table, id: id, below: below, limit: page.limit + 1, db: db)
            let items = Array(versions.prefix(page.limit))
            let next = versions.count > page.limit ? items.last.map { PageKey(id: Int64($0.version)) } : nil
            return Page(items: items, next: next)
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
