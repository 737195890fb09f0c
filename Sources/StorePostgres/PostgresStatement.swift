import Logging
import NativeModel
import PostgresNIO
import Store

/// The bridge between the engine-neutral SQL of `Store` and postgres-nio: `?` marks become `$1`,
/// `$2`, … with each `ColumnValue` bound in its PostgreSQL type, and cells come back as `ColumnValue`s.
enum PostgresStatement {
    static let logger = Logger(label: "health-gateway.postgres.query")

    /// The query of `fragment`. Its SQL holds `?` only as marks: the store's SQL writes no literal
    /// text but its own table names.
    static func query(_ fragment: SQLFragment) -> PostgresQuery {
        var sql = ""
        sql.reserveCapacity(fragment.sql.utf8.count + 16)
        var number = 0
        for character in fragment.sql {
            if character == "?" {
                number += 1
                sql += "$\(number)"
            } else {
                sql.append(character)
            }
        }
        var bindings = PostgresBindings(capacity: fragment.arguments.count)
        for value in fragment.arguments {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let integer): bindings.append(integer)
            case .real(let real): bindings.append(real)
            case .text(let text): bindings.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    /// A row's cells as values: integers (and booleans, as 0 and 1), reals, text, or NULL.
    static func values(of row: PostgresRow) throws -> [ColumnValue] {
        try row.map(value)
    }

    /// A cell as a value (see `values(of:)`).
    static func value(_ cell: PostgresCell) throws -> ColumnValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        case .numeric:
            let text = try cell.decode(String.self)
            guard let real = Double(text) else { throw StoreError.fault("numeric \(text) is not a number") }
            return .real(real)
        case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }
}
