import NativeModel
import Store

/// The write path's statements in SQLite's dialect (`WriteStatements.sqlite`), by kind, for the
/// batch's per-transaction cache of prepared statements.
enum SQLiteStatements {
    private static let statements = WriteStatements.sqlite

    /// The write path's statements, by kind and table.
    enum Kind: Hashable, Sendable {
        case insert, insertWithID, update, sameContent, sourceKey
    }

    struct Key: Hashable, Sendable {
        var kind: Kind
        var table: NativeTable
    }

    static func sql(_ kind: Kind, _ table: NativeTable) -> String? {
        switch kind {
        case .insert: statements.insert[table]
        case .insertWithID: table == .users ? statements.insertUserWithID : nil
        case .update: statements.update[table]
        case .sameContent: statements.sameContent[table]
        case .sourceKey: statements.sourceKey[table]
        }
    }

    /// `SELECT` of the bookkeeping columns, `user_id` and the content columns of each measurement table,
    /// for a `WHERE` clause to follow.
    static let selectMeasurement = statements.selectMeasurement

    /// `selectMeasurement` of one row by id: an Observation read.
    static let measurementByID: [NativeTable: String] = selectMeasurement.mapValues { $0 + " WHERE id = ?" }
}
