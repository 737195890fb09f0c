import GRDB
import NativeModel
import Store

/// Turns what SQLite reports into `StoreError`s: unique keys become conflicts naming the field,
/// busy databases become `unavailable`, anything else a `fault`.
enum SQLiteErrors {
    static func storeError(for error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else { return .fault(String(describing: error)) }
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return conflict(message: error.message ?? "")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return .fault("a foreign key failed: \(error.message ?? "")")
        default:
            break
        }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .unavailable("the database is busy")
        case .SQLITE_CONSTRAINT: return .fault("a constraint failed: \(error.message ?? "")")
        default: return .fault(error.description)
        }
    }

    /// SQLite says e.g. `UNIQUE constraint failed: index 'vital_signs_source_key'`. (Users' emails and
    /// identifiers are not unique across users: migration 0010.)
    private static func conflict(message: String) -> StoreError {
        for table in NativeTable.measurementTables where message.contains(table.rawValue) {
            return .conflict(table, field: "external_id",
                             message: "another row of \(table) of the same user has this source and external_id")
        }
        // A unique key this mapping does not know is the store's own mistake: its words go to the
        // logs (a fault's message), never to a client as a conflict.
        return .fault("an unexpected unique constraint failed: \(message)")
    }
}
