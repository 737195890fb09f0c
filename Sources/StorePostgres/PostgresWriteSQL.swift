import NativeModel
import Store

/// The SQL of the write path per table, built once (see `SQLiteStatements`, its SQLite twin): the
/// same statements in PostgreSQL's forms (`RETURNING id`, `IS NOT DISTINCT FROM`).
enum PostgresWriteSQL {
    /// `INSERT INTO <table> ([user_id,] <content columns>, created_at, updated_at, version) VALUES (?, …) RETURNING id`.
    static let insert: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.map { table, columns in
        (table, insertSQL(table, leading: table == .users ? [] : ["user_id"], columns))
    })

    /// The same for a user whose id the client chose.
    static let insertUserWithID = insertSQL(.users, leading: ["id"], UserRecord.contentColumns)

    private static func insertSQL(_ table: NativeTable, leading: [String], _ columns: [String]) -> String {
        let names = leading + columns + ["created_at", "updated_at", "version"]
        return "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: names.count).joined(separator: ", ") + ") RETURNING id"
    }

    /// `UPDATE <table> SET <content columns> = ?, updated_at = ?, version = version + 1 WHERE id = ?`.
    static let update: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.map { table, columns in
        let assignments = columns.map { "\($0) = ?" } + ["updated_at = ?", "version = version + 1"]
        return (table, "UPDATE \(table.rawValue) SET \(assignments.joined(separator: ", ")) WHERE id = ?")
    })

    /// An owner's row with the same time and content (NULL equal to NULL), for a measurement without
    /// an external id.
    static let sameContent: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.compactMap { table, columns in
        guard let record = table.recordType as? any MeasurementRecord.Type else { return nil }
        let conditions = ["user_id = ?", "\(record.timeColumn) = ?"] + columns.map { "\($0) IS NOT DISTINCT FROM ?" }
        return (table, "SELECT id FROM \(table.rawValue) WHERE \(conditions.joined(separator: " AND ")) LIMIT 1")
    })

    /// An owner's measurement by the key its source gave it.
    static let sourceKey: [NativeTable: String] = Dictionary(uniqueKeysWithValues: NativeTable.measurementTables.map { table in
        (table, "SELECT id FROM \(table.rawValue) WHERE source = ? AND external_id = ? AND user_id = ?")
    })

    /// `SELECT id, version, created_at, updated_at, user_id, <content columns> FROM <table>` of each
    /// measurement table, for a `WHERE` clause to follow.
    static let selectMeasurement: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.compactMap { table, columns in
        guard table != .users else { return nil }
        return (table, "SELECT \(SearchStatements.bookkeepingColumns), user_id, \(columns.joined(separator: ", ")) "
            + "FROM \(table.rawValue)")
    })

    static func sql(_ statements: [NativeTable: String], _ table: NativeTable) throws -> String {
        guard let sql = statements[table] else { throw StoreError.fault("no statement for \(table)") }
        return sql
    }

    private static var rowTables: [(NativeTable, [String])] {
        NativeTable.allCases.compactMap { table in table.recordType.map { (table, $0.contentColumns) } }
    }
}
