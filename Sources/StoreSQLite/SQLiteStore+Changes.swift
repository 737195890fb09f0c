import Foundation
import GRDB
import NativeModel
public import Store

extension SQLiteStore {
    public func changes(_ query: ChangeQuery) async throws -> ChangePage {
        try await read { db in
            let select = ChangesSQL(dialect: .sqlite).select(query)
            let rows = try Row.fetchAll(db, sql: select.sql, arguments: Self.arguments(select.arguments))
            var items: [RowVersion] = []
            for row in rows.prefix(query.limit) {
                guard let table = NativeTable(rawValue: row[0]) else { continue }
                let id: Int64 = row[1]
                let version: Int = row[3]
                let deleted: Bool = row[4]
                let meta = RowMeta(version: version, createdAt: Instant(millisecondsSince1970: row[5]),
                                   updatedAt: Instant(millisecondsSince1970: row[6]))
                let kept: String? = row[7]
                let isCurrent: Bool = row[8]
                let content: Data?
                if isCurrent {
                    content = try SQLiteRowVersions.current(table, id: id, db: db)?.content
                } else {
                    content = kept.map { Data($0.utf8) }
                }
                items.append(RowVersion(table: table, id: id, userID: row[2], version: version,
                                        change: deleted ? .deleted : version == 1 ? .created : .updated, meta: meta,
                                        content: deleted ? nil : content))
            }
            let next = rows.count > query.limit ? items.last.map(ChangeKey.init) : nil
            return ChangePage(items: items, next: next)
        }
    }
}
