public import NativeModel

/// The SQL of the write path and of row reads per table, built once per engine instead of once per
/// row: building the string for every insert was a third of a bulk load's CPU (measured with perf on
/// SQLite). The engines differ only in the dialect's `returningID` and `nullSafeEqual`.
public struct WriteStatements: Sendable {
    /// `INSERT INTO <table> ([user_id,] <content columns>, created_at, updated_at, version) VALUES (?, …)`.
    public let insert: [NativeTable: String]
    /// The same for a user whose id the client chose (`id` first).
    public let insertUserWithID: String
    /// `UPDATE <table> SET <content columns> = ?, updated_at = ?, version = version + 1 WHERE id = ?`.
    public let update: [NativeTable: String]
    /// `SELECT id FROM <table> WHERE user_id = ? AND <time column> = ? AND <content column> <null-safe => ? … LIMIT 1`:
    /// a measurement without an external id matched by its owner and content.
    public let sameContent: [NativeTable: String]
    /// `SELECT id FROM <table> WHERE source = ? AND external_id = ? AND user_id = ?`: an owner's
    /// measurement by the key its source gave it (the key is unique per owner).
    public let sourceKey: [NativeTable: String]
    /// `SELECT id, version, created_at, updated_at, user_id, <content columns> FROM <table>` of each
    /// measurement table, for a `WHERE` clause to follow (what `RowDecoding.measurement` reads).
    public let selectMeasurement: [NativeTable: String]

    public static let sqlite = WriteStatements(dialect: .sqlite)
    public static let postgres = WriteStatements(dialect: .postgres)

    init(dialect: SQLDialect) {
        let rowTables = NativeTable.allCases.compactMap { table in table.recordType.map { (table, $0.contentColumns) } }
        func insertSQL(_ table: NativeTable, leading: [String], _ columns: [String]) -> String {
            let names = leading + columns + ["created_at", "updated_at", "version"]
            return "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES ("
                + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")" + dialect.returningID
        }
        insert = Dictionary(uniqueKeysWithValues: rowTables.map { table, columns in
            (table, insertSQL(table, leading: table == .users ? [] : ["user_id"], columns))
        })
        insertUserWithID = insertSQL(.users, leading: ["id"], UserRecord.contentColumns)
        update = Dictionary(uniqueKeysWithValues: rowTables.map { table, columns in
            let assignments = columns.map { "\($0) = ?" } + ["updated_at = ?", "version = version + 1"]
            return (table, "UPDATE \(table.rawValue) SET \(assignments.joined(separator: ", ")) WHERE id = ?")
        })
        sameContent = Dictionary(uniqueKeysWithValues: rowTables.compactMap { table, columns in
            guard let record = table.recordType as? any MeasurementRecord.Type else { return nil }
            let conditions = ["user_id = ?", "\(record.timeColumn) = ?"] + columns.map { "\($0) \(dialect.nullSafeEqual) ?" }
            return (table, "SELECT id FROM \(table.rawValue) WHERE \(conditions.joined(separator: " AND ")) LIMIT 1")
        })
        sourceKey = Dictionary(uniqueKeysWithValues: NativeTable.measurementTables.map { table in
            (table, "SELECT id FROM \(table.rawValue) WHERE source = ? AND external_id = ? AND user_id = ?")
        })
        selectMeasurement = Dictionary(uniqueKeysWithValues: rowTables.compactMap { table, columns in
            guard table != .users else { return nil }
            return (table, "SELECT \(SearchStatements.bookkeepingColumns), user_id, \(columns.joined(separator: ", ")) "
                + "FROM \(table.rawValue)")
        })
    }

    /// The statement of `table` in `statements`; a table without one is the store's own mistake.
    public static func sql(_ statements: [NativeTable: String], _ table: NativeTable) throws -> String {
        guard let sql = statements[table] else { throw StoreError.fault("no statement for \(table)") }
        return sql
    }
}
