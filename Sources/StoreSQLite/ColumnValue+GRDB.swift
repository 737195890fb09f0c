import GRDB
import NativeModel

extension ColumnValue {
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let value): return value.databaseValue
        case .real(let value): return value.databaseValue
        case .text(let value): return value.databaseValue
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .null, .blob: self = .null
        case .int64(let integer): self = .integer(integer)
        case .double(let real): self = .real(real)
        case .string(let text): self = .text(text)
        }
    }
}

extension StatementArguments {
    /// Arguments from database values, through GRDB's initializer for optional existentials: its
    /// initializer for a sequence of one concrete type maps it with a key path, which (unspecialized
    /// across modules) was 5% of an NDJSON import's CPU.
    init(databaseValues values: [DatabaseValue]) {
        self.init(values.map { $0 as (any DatabaseValueConvertible)? })
    }
}
