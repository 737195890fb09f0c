import GRDB
public import NativeModel
public import Store

/// Reading whole tables, a page at a time, for `health-gateway migrate-data` (`TableCopy`).
extension SQLiteStore {
    /// The columns of `table` in schema order and its primary key (`rowid` for a table without one).
    public func layout(of table: String) async throws -> TableLayout {
        guard TableCopy.isPlainIdentifier(table) else { throw StoreError.fault("not a table name: \(table)") }
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", arguments: [table])
            guard !rows.isEmpty else { throw StoreError.fault("no table \(table) in this database") }
            let columns: [String] = rows.map { $0["name"] }
            let key = rows.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map { $0["name"] as String }
            guard columns.allSatisfy(TableCopy.isPlainIdentifier) else { throw StoreError.fault("\(table) has an unexpected column name") }
            return TableLayout(columns: columns, key: key)
        }
    }

    /// Up to `limit` rows of `table` after the row whose key is `after` (from the start when nil), in
    /// key order, each as `layout.columns`' values.
    public func rows(of table: String, layout: TableLayout, after: [ColumnValue]?, limit: Int) async throws -> [[ColumnValue]] {
        guard TableCopy.isPlainIdentifier(table), !layout.key.isEmpty else { throw StoreError.fault("cannot page \(table)") }
        let keyList = layout.key.joined(separator: ", ")
        var sql = "SELECT \(layout.columns.joined(separator: ", ")) FROM \(table)"
        var arguments: [DatabaseValue] = []
        if let after {
            sql += " WHERE (\(keyList)) > (\(Array(repeating: "?", count: after.count).joined(separator: ", ")))"
            arguments = after.map(\.databaseValue)
        }
        sql += " ORDER BY \(keyList) LIMIT \(max(1, limit))"
        let statement = sql
        let bound = arguments
        return try await read { db in
            try Row.fetchAll(db, sql: statement, arguments: StatementArguments(databaseValues: bound)).map { row in
                (0..<row.count).map { ColumnValue(row[$0] as DatabaseValue) }
            }
        }
    }

    /// How many rows `table` holds.
    public func rowCount(of table: String) async throws -> Int {
        guard TableCopy.isPlainIdentifier(table) else { throw StoreError.fault("not a table name: \(table)") }
        return try await read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
    }
}
