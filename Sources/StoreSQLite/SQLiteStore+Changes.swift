import Foundation
import GRDB
import NativeModel
public import Store

extension SQLiteStore {
    public func changes(_ query: ChangeQuery) async throws -> ChangePage {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: Self.changesSQL(query), arguments: Self.changesArguments(query))
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

    /// One query over the current rows of every table asked for and the kept versions of row_history,
    /// each branch filtered and ordered by its `updated_at` index, merged newest first. With `at`, the
    /// version of each row current at that instant instead.
    static func changesSQL(_ query: ChangeQuery) -> String {
        let window = query.at == nil ? "updated_at > ?" : "updated_at <= ?"
        var branches = query.tables.map { table in
            let owner = table == .users ? "id" : "user_id"
            return "SELECT '\(table.rawValue)' AS tbl, id AS row_id, \(owner) AS user_id, version, 0 AS deleted, "
                + "created_at, updated_at, NULL AS content, 1 AS current FROM \(table.rawValue) WHERE \(window)"
        }
        let names = query.tables.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        branches.append("SELECT table_name AS tbl, row_id, user_id, version, deleted, created_at, updated_at, content, 0 "
            + "FROM row_history WHERE table_name IN (\(names)) AND \(window)")
        let order = "ORDER BY updated_at DESC, tbl DESC, row_id DESC, version DESC LIMIT ?"
        let keyset = "(updated_at, tbl, row_id, version) < (?, ?, ?, ?)"
        if query.at != nil {
            return "SELECT tbl, row_id, user_id, version, deleted, created_at, updated_at, content, current FROM ("
                + "SELECT *, ROW_NUMBER() OVER (PARTITION BY tbl, row_id ORDER BY version DESC) AS rank FROM ("
                + branches.joined(separator: " UNION ALL ") + ")) WHERE rank = 1 AND deleted = 0"
                + (query.after == nil ? " " : " AND \(keyset) ") + order
        }
        if query.after != nil {
            branches = branches.map { $0 + " AND \(keyset)" }
        }
        return "SELECT * FROM (" + branches.joined(separator: " UNION ALL ") + ") " + order
    }

    static func changesArguments(_ query: ChangeQuery) -> StatementArguments {
        let bound = (query.at ?? query.since)?.millisecondsSince1970 ?? Int64.min
        let keyset: [any DatabaseValueConvertible] = query.after.map { key in
            [key.recordedAt.millisecondsSince1970, key.table.rawValue, key.id, key.version]
        } ?? []
        var values: [any DatabaseValueConvertible] = []
        let branches = query.tables.count + 1
        if query.at != nil {
            for _ in 0..<branches { values.append(bound) }
            values += keyset
        } else {
            for _ in 0..<branches { values += [bound] + keyset }
        }
        values.append(query.limit + 1)
        return StatementArguments(values.map { $0.databaseValue })
    }
}
