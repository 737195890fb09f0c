/// A value of a native table's column, independent of the database engine. Records turn themselves
/// into and out of these, so the SQLite and PostgreSQL stores share one mapping per table and column
/// names in lowercase snake_case.
public enum ColumnValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    public init(_ value: Int64?) { self = value.map(ColumnValue.integer) ?? .null }
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    public init(_ value: Double?) { self = value.map(ColumnValue.real) ?? .null }
    public init(_ value: String?) { self = value.map(ColumnValue.text) ?? .null }
    public init(_ value: Bool?) { self = value.map { .integer($0 ? 1 : 0) } ?? .null }
}

/// Reads a row's columns in the order a record's `contentColumns` lists them.
public struct ColumnReader {
    private let values: [ColumnValue]
    private var index = 0
    private let table: String

    public init(_ values: [ColumnValue], table: String) {
        self.values = values
        self.table = table
    }

    private mutating func next() -> ColumnValue {
        defer { index += 1 }
        return index < values.count ? values[index] : .null
    }

    public mutating func integer() throws(RowDecodingError) -> Int64 {
        guard let value = try optionalInteger() else { throw RowDecodingError(table: table, column: index - 1) }
        return value
    }

    public mutating func optionalInteger() throws(RowDecodingError) -> Int64? {
        switch next() {
        case .null: return nil
        case .integer(let value): return value
        case .real(let value) where value == value.rounded(): return Int64(value)
        default: throw RowDecodingError(table: table, column: index - 1)
        }
    }

    public mutating func double() throws(RowDecodingError) -> Double {
        guard let value = try optionalDouble() else { throw RowDecodingError(table: table, column: index - 1) }
        return value
    }

    public mutating func optionalDouble() throws(RowDecodingError) -> Double? {
        switch next() {
        case .null: return nil
        case .integer(let value): return Double(value)
        case .real(let value): return value
        default: throw RowDecodingError(table: table, column: index - 1)
        }
    }

    public mutating func text() throws(RowDecodingError) -> String {
        guard let value = try optionalText() else { throw RowDecodingError(table: table, column: index - 1) }
        return value
    }

    public mutating func optionalText() throws(RowDecodingError) -> String? {
        switch next() {
        case .null: return nil
        case .text(let value): return value
        default: throw RowDecodingError(table: table, column: index - 1)
        }
    }

    public mutating func optionalBool() throws(RowDecodingError) -> Bool? {
        try optionalInteger().map { $0 != 0 }
    }

    public mutating func code<T: RawRepresentable>(_ type: T.Type) throws(RowDecodingError) -> T where T.RawValue == String {
        guard let value = T(rawValue: try text()) else { throw RowDecodingError(table: table, column: index - 1) }
        return value
    }
}

/// A stored row that does not fit its record type: a fault of the store, never of the input.
public struct RowDecodingError: Error, Sendable, CustomStringConvertible {
    public var table: String
    public var column: Int

    public var description: String { "row of \(table) has an unreadable value in content column \(column)" }
}
