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

    /// One query over the current rows of every table asked for and their kept versions in row_history,
    /// each branch walked newest first through an index (0004) and stopped after a page; the outer query
    /// merges at most a page per branch. (Sorting the whole union took 2.9 s on 7.8 million rows; a
    /// window function for `at`, 22 s.)
    ///
    /// With `at`, the versions current at that instant: a current row written at or before it, or a kept
    /// version written at or before it whose successor (kept, a deletion, or the current row) came after.
    static func changesSQL(_ query: ChangeQuery) -> String {
        let keyset = query.after == nil ? "" : " AND (updated_at, tbl, row_id, version) < (?, ?, ?, ?)"
        var branches: [String] = []
        for table in query.tables {
            let name = table.rawValue
            let owner = table == .users ? "id" : "user_id"
            let window = query.at == nil ? "updated_at > ?" : "updated_at <= ?"
            // The owners are integers the store itself produced, written into the SQL as numbers.
            let owners = query.owners[table].map { ids in " AND \(owner) IN (\(ids.map(String.init).joined(separator: ",")))" } ?? ""
            branches.append("SELECT * FROM (SELECT '\(name)' AS tbl, id AS row_id, \(owner) AS user_id, version, "
                + "0 AS deleted, created_at, updated_at, NULL AS content, 1 AS current FROM \(name) "
                + "WHERE \(window)\(owners)\(keyset) ORDER BY updated_at DESC, row_id DESC LIMIT ?)")
            let keptOwners = query.owners[table].map { ids in " AND user_id IN (\(ids.map(String.init).joined(separator: ",")))" } ?? ""
            let currentThen = query.at == nil ? "" : " AND deleted = 0 AND COALESCE("
                + "(SELECT n.updated_at FROM row_history n WHERE n.table_name = '\(name)' AND n.row_id = h.row_id "
                + "AND n.version = h.version + 1), "
                + "(SELECT c.updated_at FROM \(name) c WHERE c.id = h.row_id AND c.version = h.version + 1)) > ?"
            branches.append("SELECT * FROM (SELECT table_name AS tbl, row_id, user_id, version, deleted, created_at, "
                + "updated_at, content, 0 AS current FROM row_history h WHERE table_name = '\(name)' AND \(window)"
                + "\(keptOwners)\(currentThen)\(keyset) ORDER BY updated_at DESC, row_id DESC, version DESC LIMIT ?)")
        }
        return branches.joined(separator: " UNION ALL ") + " ORDER BY updated_at DESC, tbl DESC, row_id DESC, version DESC LIMIT ?"
    }

    static func changesArguments(_ query: ChangeQuery) -> StatementArguments {
        let bound = (query.at ?? query.since)?.millisecondsSince1970 ?? Int64.min
        let keyset: [any DatabaseValueConvertible] = query.after.map { key in
            [key.recordedAt.millisecondsSince1970, key.table.rawValue, key.id, key.version]
        } ?? []
        var values: [any DatabaseValueConvertible] = []
        for _ in query.tables {
            values += [bound] + keyset + [query.limit + 1]  // the current rows
            values += [bound] + (query.at.map { [$0.millisecondsSince1970] } ?? []) + keyset + [query.limit + 1]  // kept
        }
        values.append(query.limit + 1)
        return StatementArguments(values.map { $0.databaseValue })
    }
}
