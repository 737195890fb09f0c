import Foundation
import GRDB
import NativeModel
import Store

/// Reads current rows as `RowVersion`s and writes the versions that history keeps, inside a
/// transaction that a write batch or a read holds.
enum SQLiteRowVersions {
    /// The current version of a row, or nil when there is no such row.
    static func current(_ table: NativeTable, id: Int64, db: Database) throws -> RowVersion? {
        try currentRows(table, where: "id = ?", argument: id, db: db).first
    }

    /// The current versions of every row a user owns in a measurement table.
    static func owned(by userID: Int64, in table: NativeTable, db: Database) throws -> [RowVersion] {
        try currentRows(table, where: "user_id = ?", argument: userID, db: db)
    }

    private static func currentRows(_ table: NativeTable, where condition: String, argument: Int64, db: Database) throws
        -> [RowVersion]
    {
        if table == .users {
            let sql = SQLiteStore.userSelect + " WHERE \(condition)"
            let users = try SQLiteStore.users(from: SQLiteRows.all(db.cachedStatement(sql: sql), [argument]), db: db)
            return try users.map { try WritePlanning.version(.users, id: $0.id, userID: $0.id, meta: $0.meta, record: $0.record) }
        }
        guard let type = table.recordType as? any MeasurementRecord.Type else { return [] }
        return try measurementRows(type, where: condition, argument: argument, db: db)
    }

    private static func measurementRows<Record: MeasurementRecord>(
        _ type: Record.Type, where condition: String, argument: Int64, db: Database
    ) throws -> [RowVersion] {
        let sql = try SQLiteStore.measurementSelect(Record.self) + " WHERE \(condition)"
        return try SQLiteRows.all(db.cachedStatement(sql: sql), [argument]).map { row in
            let stored: StoredMeasurement<Record> = try SQLiteStore.measurement(row)
            return try WritePlanning.version(Record.table, id: stored.id, userID: stored.userID, meta: stored.meta, record: stored.record)
        }
    }

    /// Keeps `version` (about to be replaced) in `row_history`.
    static func keep(_ version: RowVersion, db: Database) throws {
        try insert(version, deleted: false, db: db)
    }

    /// Records that the row of `version` was deleted at `now`: the deletion is the next version.
    static func keepDeletion(of version: RowVersion, at now: Instant, db: Database) throws {
        try keep(version, db: db)
        try insert(WritePlanning.deletion(of: version, at: now), deleted: true, db: db)
    }

    private static func insert(_ version: RowVersion, deleted: Bool, db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO row_history (table_name, row_id, user_id, version, deleted, created_at, updated_at, content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            version.table.rawValue, version.id, version.userID, version.version, deleted,
            version.meta.createdAt.millisecondsSince1970, version.meta.updatedAt.millisecondsSince1970,
            version.content.map { String(decoding: $0, as: UTF8.self) },
        ])
    }

    /// Kept versions of a row below `version`, newest first.
    static func kept(_ table: NativeTable, id: Int64, below version: Int64, limit: Int, db: Database) throws -> [RowVersion] {
        let statement = try db.cachedStatement(sql: """
            SELECT user_id, version, deleted, created_at, updated_at, content FROM row_history
            WHERE table_name = ? AND row_id = ? AND version < ? ORDER BY version DESC LIMIT ?
            """)
        return try Row.fetchAll(statement, arguments: [table.rawValue, id, version, limit]).map { row in
            let number: Int = row[1]
            let deleted: Bool = row[2]
            let content: String? = row[5]
            return RowVersion(
                table: table, id: id, userID: row[0], version: number,
                change: deleted ? .deleted : number == 1 ? .created : .updated,
                meta: RowMeta(version: number, createdAt: Instant(millisecondsSince1970: row[3]),
                              updatedAt: Instant(millisecondsSince1970: row[4])),
                content: content.map { Data($0.utf8) })
        }
    }
}
