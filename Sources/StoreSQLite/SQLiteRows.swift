import GRDB
import NativeModel

/// The rows of a prepared statement as engine-neutral column values, read straight from SQLite.
///
/// GRDB's `Row.fetchAll`/`fetchOne` build, for every query, an index of the statement's lowercased
/// column names, and copy every row into a `Row` before the store turns it into `ColumnValue`s. On a
/// one-row read by id those two steps cost more than SQLite's own work (perf on the 100,000-patient
/// benchmark database: about a third of `user(id:)`). This steps the statement with GRDB's
/// `DatabaseValue` cursor and reads each column of the current row once.
enum SQLiteRows {
    /// Every row of `statement` with `arguments`.
    static func all(_ statement: Statement, _ arguments: StatementArguments) throws -> [[ColumnValue]] {
        let cursor = try DatabaseValue.fetchCursor(statement, arguments: arguments)
        let count = statement.columnCount
        let handle = statement.sqliteStatement
        var rows: [[ColumnValue]] = []
        while let first = try cursor.next() {
            var row: [ColumnValue] = []
            row.reserveCapacity(count)
            row.append(ColumnValue(first))
            for index in 1..<max(count, 1) {
                row.append(ColumnValue(DatabaseValue(sqliteStatement: handle, index: CInt(index))))
            }
            rows.append(row)
        }
        return rows
    }

    /// The first row of `statement` with `arguments`, if any (for queries of one row).
    static func one(_ statement: Statement, _ arguments: StatementArguments) throws -> [ColumnValue]? {
        try all(statement, arguments).first
    }
}
