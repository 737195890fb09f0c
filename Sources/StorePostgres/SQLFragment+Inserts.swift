import NativeModel
import Store

extension SQLFragment {
    /// `INSERT INTO table (columns) VALUES (…), (…) …` for `rows` (each `columns`' values), as many rows
    /// per statement as 60,000 values allow (PostgreSQL binds at most 65,535), each statement ending with
    /// `suffix` (an `ON CONFLICT` clause). Table and column names are the store's own.
    static func inserts(into table: String, columns: [String], _ rows: [[ColumnValue]], then suffix: String = "")
        -> [SQLFragment]
    {
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        return rows.pieces(of: 60_000 / max(columns.count, 1)).map { slice in
            SQLFragment(head + Array(repeating: tuple, count: slice.count).joined(separator: ", ") + suffix,
                        slice.flatMap { $0 })
        }
    }
}
