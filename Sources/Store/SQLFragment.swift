public import NativeModel

/// A piece of SQL with `?` for each of its arguments, in order. Both SQL engines take it: SQLite as
/// it is, PostgreSQL with the marks numbered (`$1`, `$2`, …).
public struct SQLFragment: Sendable {
    public var sql: String
    public var arguments: [ColumnValue]

    public init(_ sql: String, _ arguments: [ColumnValue] = []) {
        self.sql = sql
        self.arguments = arguments
    }
}
