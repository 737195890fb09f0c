public import NativeModel
import Store

/// Writing whole tables for `health-gateway migrate-data` (`TableCopy`): rows go in as they were,
/// ids, versions and timestamps included, then each id sequence moves past the largest id.
extension PostgresStore {
    /// Inserts `rows` (each `columns`' values) into `table` in one transaction, as few statements as
    /// PostgreSQL's limit of 65,535 values per statement allows.
    public func insertRows(into table: String, columns: [String], rows: [[ColumnValue]]) async throws {
        guard TableCopy.isPlainIdentifier(table), !columns.isEmpty, columns.allSatisfy(TableCopy.isPlainIdentifier) else {
            throw StoreError.fault("cannot copy into \(table)")
        }
        guard rows.allSatisfy({ $0.count == columns.count }) else { throw StoreError.fault("a row of \(table) has the wrong width") }
        let statements = SQLFragment.inserts(into: table, columns: columns, rows)
        try await write { connection in
            for statement in statements { try await connection.run(statement) }
        }
    }

    /// Moves each id sequence past the largest id its table holds, and past every id a deleted row
    /// of it held (kept in history or retired), so the next insert after a copy takes an id no one
    /// ever had.
    public func advanceIDSequences() async throws {
        try await write { connection in
            for table in TableCopy.tablesWithIDSequences {
                try await connection.run(SQLFragment(
                    "SELECT setval(pg_get_serial_sequence('\(table)', 'id'), GREATEST("
                        + "(SELECT COALESCE(MAX(id), 0) FROM \(table)), "
                        + "(SELECT COALESCE(MAX(row_id), 0) FROM retired_ids WHERE table_name = ?), "
                        + "(SELECT COALESCE(MAX(row_id), 0) FROM row_history WHERE table_name = ?)) + 1, false)",
                    [.text(table), .text(table)]))
            }
        }
    }

    /// The columns of `table` in this store's schema.
    public func columns(of table: String) async throws -> [String] {
        let rows = try await read { connection in
            try await connection.rows(SQLFragment(
                "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() "
                    + "AND table_name = ? ORDER BY ordinal_position", [.text(table)]))
        }
        return rows.compactMap { row in
            if case .text(let name)? = row.first { return name }
            return nil
        }
    }

    /// How many rows `table` holds.
    public func rowCount(of table: String) async throws -> Int {
        guard TableCopy.isPlainIdentifier(table) else { throw StoreError.fault("not a table name: \(table)") }
        return Int(try await read { connection in try await connection.integer(SQLFragment("SELECT COUNT(*) FROM \(table)")) } ?? 0)
    }
}
