import NativeModel

/// The SQL of the write statements, built once per table instead of once per row: building the
/// string for every insert (before the statement cache could even be asked) was a third of a bulk
/// load's CPU (measured with perf).
enum SQLiteStatements {
    /// `INSERT INTO <table> ([user_id,] <content columns>, created_at, updated_at, version) VALUES (?, …)`.
    static let insert: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.map { table, columns in
        (table, insertSQL(table, leading: table == .users ? [] : ["user_id"], columns))
    })

    private static func insertSQL(_ table: NativeTable, leading: [String], _ columns: [String]) -> String {
        let names = leading + columns + ["created_at", "updated_at", "version"]
        return "INSERT INTO \(table.rawValue) (\(names.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: names.count).joined(separator: ", ") + ")"
    }

    /// `INSERT INTO users (id, <content columns>, created_at, updated_at, version) VALUES (?, …)`: a user
    /// with an id of the client's choosing.
    static let insertUserWithID: [NativeTable: String] = [.users: insertSQL(.users, leading: ["id"], UserRecord.contentColumns)]

    /// `UPDATE <table> SET <content columns> = ?, updated_at = ?, version = version + 1 WHERE id = ?`.
    static let update: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.map { table, columns in
        let assignments = columns.map { "\($0) = ?" } + ["updated_at = ?", "version = version + 1"]
        return (table, "UPDATE \(table.rawValue) SET \(assignments.joined(separator: ", ")) WHERE id = ?")
    })

    /// `SELECT id FROM <table> WHERE user_id = ? AND <time column> = ? AND <content columns> IS ? … LIMIT 1`:
    /// a measurement without an external id matched by its owner and content (an idempotent import of
    /// Observations that carry no identifier). `IS` makes NULL equal NULL.
    static let sameContent: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.compactMap { table, columns in
        guard let record = table.recordType as? any MeasurementRecord.Type else { return nil }
        let conditions = ["user_id = ?", "\(record.timeColumn) = ?"] + columns.map { "\($0) IS ?" }
        return (table, "SELECT id FROM \(table.rawValue) WHERE \(conditions.joined(separator: " AND ")) LIMIT 1")
    })

    /// `SELECT id FROM <table> WHERE source = ? AND external_id = ? AND user_id = ?`: an owner's
    /// measurement by the key its source gave it (the key is unique per owner).
    static let sourceKey: [NativeTable: String] = Dictionary(uniqueKeysWithValues: NativeTable.measurementTables.map { table in
        (table, "SELECT id FROM \(table.rawValue) WHERE source = ? AND external_id = ? AND user_id = ?")
    })

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
        case .insert: insert[table]
        case .insertWithID: insertUserWithID[table]
        case .update: update[table]
        case .sameContent: sameContent[table]
        case .sourceKey: sourceKey[table]
        }
    }

    /// `SELECT id, version, created_at, updated_at, user_id, <content columns> FROM <table>` of each
    /// measurement table, for a `WHERE` clause to follow: the columns `SQLiteStore.measurement(_:)` reads.
    static let selectMeasurement: [NativeTable: String] = Dictionary(uniqueKeysWithValues: rowTables.compactMap { table, columns in
        guard table != .users else { return nil }
        return (table, "SELECT \(SQLiteStore.bookkeepingColumns), user_id, \(columns.joined(separator: ", ")) FROM \(table.rawValue)")
    })

    /// `selectMeasurement` of one row by id: an Observation read.
    static let measurementByID: [NativeTable: String] = selectMeasurement.mapValues { $0 + " WHERE id = ?" }

    /// Every table with a record type, with its content columns.
    private static var rowTables: [(NativeTable, [String])] {
        NativeTable.allCases.compactMap { table in table.recordType.map { (table, $0.contentColumns) } }
    }
}
