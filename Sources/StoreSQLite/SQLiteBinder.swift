import GRDB
import GRDBSQLite
import NativeModel

/// Binds engine-neutral values straight onto a prepared statement through SQLite's C API
/// (https://www.sqlite.org/c3ref/bind_blob.html), one parameter after the other.
///
/// GRDB's `execute(arguments:)` takes `StatementArguments`: every value boxed as an optional
/// existential, the array validated against the statement, then bound. On the write path of a bulk
/// import, where each row is an insert and a content probe of twenty-odd values, building those
/// arguments was more CPU than SQLite's own work (perf on the 1,000,000-Observation import: 8.5% of
/// the whole process, on the single writer thread). `SQLiteBinder` binds each `ColumnValue` as it
/// comes, text copied by SQLite (`SQLITE_TRANSIENT`).
struct SQLiteBinder: ~Copyable {
    private let handle: OpaquePointer
    private var index: CInt = 1

    fileprivate init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    /// How many parameters were bound.
    fileprivate var count: CInt { index - 1 }

    mutating func bind(_ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
        index += 1
    }

    mutating func bind(_ value: String) {
        var text = value
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                if let base = chars.baseAddress {
                    _ = sqlite3_bind_text(handle, index, base, CInt(chars.count), SQLiteBinder.transient)
                } else {
                    _ = sqlite3_bind_text(handle, index, "", 0, SQLiteBinder.transient)  // nil would bind NULL
                }
            }
        }
        index += 1
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { bindNull() }
    }

    mutating func bind(_ value: ColumnValue) {
        switch value {
        case .null: bindNull()
        case .integer(let integer): bind(integer)
        case .real(let real):
            sqlite3_bind_double(handle, index, real)
            index += 1
        case .text(let text): bind(text)
        }
    }

    mutating func bind(_ values: [ColumnValue]) {
        for value in values { bind(value) }
    }

    private mutating func bindNull() {
        sqlite3_bind_null(handle, index)
        index += 1
    }

    /// SQLite copies the bytes before the bind call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
}

extension Statement {
    /// Runs the statement to completion with the parameters `bind` binds; a failure is GRDB's
    /// `DatabaseError`, as `execute(arguments:)` would throw it, so `SQLiteErrors` reads it the same.
    ///
    /// Only for the writer's own statements inside its transaction: it skips GRDB's bookkeeping of
    /// statement execution (transaction observers, region tracking), which these stores never use.
    func run(in db: Database, _ bind: (inout SQLiteBinder) -> Void) throws {
        try step(in: db, bind) { _ in () }
    }

    /// The first column of the first row as an integer, or nil when there is no row.
    func firstInteger(in db: Database, _ bind: (inout SQLiteBinder) -> Void) throws -> Int64? {
        try step(in: db, bind) { handle in sqlite3_column_int64(handle, 0) }
    }

    private func step<T>(in db: Database, _ bind: (inout SQLiteBinder) -> Void, row: (OpaquePointer) -> T) throws -> T? {
        let handle = sqliteStatement
        defer { sqlite3_reset(handle) }  // a read stays open until reset; a write is done
        sqlite3_reset(handle)
        var binder = SQLiteBinder(handle)
        bind(&binder)
        guard binder.count == sqlite3_bind_parameter_count(handle) else {
            throw DatabaseError(resultCode: .SQLITE_RANGE,
                                message: "\(binder.count) values for \(sqlite3_bind_parameter_count(handle)) parameters", sql: sql)
        }
        switch sqlite3_step(handle) {
        case SQLITE_DONE: return nil
        case SQLITE_ROW: return row(handle)
        case let code:
            let message = db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }
}
