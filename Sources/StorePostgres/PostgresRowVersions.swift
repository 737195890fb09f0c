import Foundation
import NativeModel
import PostgresNIO
import Store

/// Reads current rows as `RowVersion`s and writes the versions history keeps (`row_history`), inside
/// the transaction of a write batch or a read.
enum PostgresRowVersions {
    static let userSelect = "SELECT \(SearchStatements.userColumns) FROM users"

    /// The current version of one row; `forUpdate` locks it until the transaction ends, so a
    /// concurrent write of the same row waits and then sees this one's version, never the one both
    /// started from (which would give two writes the same next version).
    static func current(_ table: NativeTable, id: Int64, forUpdate: Bool = false,
                        on connection: PostgresConnection) async throws -> RowVersion? {
        try await currentRows(table, where: "id = ?" + (forUpdate ? " FOR UPDATE" : ""), argument: id, on: connection).first
    }

    /// The current versions of every row a user owns in a measurement table, locked for the write
    /// that is about to replace them.
    static func owned(by userID: Int64, in table: NativeTable, on connection: PostgresConnection) async throws -> [RowVersion] {
        try await currentRows(table, where: "user_id = ? FOR UPDATE", argument: userID, on: connection)
    }

    private static func currentRows(_ table: NativeTable, where condition: String, argument: Int64,
                                    on connection: PostgresConnection) async throws -> [RowVersion] {
        if table == .users {
            let rows = try await connection.rows(SQLFragment(userSelect + " WHERE \(condition)", [.integer(argument)]))
            return try await PostgresStore.users(from: rows, on: connection).map {
                try WritePlanning.version(.users, id: $0.id, userID: $0.id, meta: $0.meta, record: $0.record)
            }
        }
        switch table {
        case .physicalActivity: return try await rows(ActivityRecord.self, condition, argument, connection)
        case .sleep: return try await rows(SleepRecord.self, condition, argument, connection)
        case .bloodTests: return try await rows(BloodTestRecord.self, condition, argument, connection)
        case .vitalSigns: return try await rows(VitalSignRecord.self, condition, argument, connection)
        default: return []
        }
    }

    private static func rows<Record: MeasurementRecord>(_ type: Record.Type, _ condition: String, _ argument: Int64,
                                                        _ connection: PostgresConnection) async throws -> [RowVersion] {
        let sql = try WriteStatements.sql(WriteStatements.postgres.selectMeasurement, Record.table) + " WHERE \(condition)"
        return try await connection.rows(SQLFragment(sql, [.integer(argument)])).map { row in
            let stored: StoredMeasurement<Record> = try PostgresStore.measurement(row)
            return try WritePlanning.version(Record.table, id: stored.id, userID: stored.userID, meta: stored.meta,
                                             record: stored.record)
        }
    }

    /// Keeps `version` (about to be replaced).
    static func keep(_ version: RowVersion, on connection: PostgresConnection) async throws {
        try await insert(version, deleted: false, on: connection)
    }

    /// Records that the row of `version` was deleted at `now`: the deletion is the next version.
    static func keepDeletion(of version: RowVersion, at now: Instant, on connection: PostgresConnection) async throws {
        try await keep(version, on: connection)
        try await insert(WritePlanning.deletion(of: version, at: now), deleted: true, on: connection)
    }

    private static func insert(_ version: RowVersion, deleted: Bool, on connection: PostgresConnection) async throws {
        try await connection.run(SQLFragment("""
            INSERT INTO row_history (table_name, row_id, user_id, version, deleted, created_at, updated_at, content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [
            .text(version.table.rawValue), .integer(version.id), .integer(version.userID), .integer(Int64(version.version)),
            .integer(deleted ? 1 : 0), .integer(version.meta.createdAt.millisecondsSince1970),
            .integer(version.meta.updatedAt.millisecondsSince1970),
            ColumnValue(version.content.map { String(decoding: $0, as: UTF8.self) }),
        ]))
    }

    /// Kept versions of a row below `version`, newest first.
    static func kept(_ table: NativeTable, id: Int64, below version: Int64, limit: Int,
                     on connection: PostgresConnection) async throws -> [RowVersion] {
        let rows = try await connection.rows(SQLFragment("""
            SELECT user_id, version, deleted, created_at, updated_at, content FROM row_history
            WHERE table_name = ? AND row_id = ? AND version < ? ORDER BY version DESC LIMIT ?
            """, [.text(table.rawValue), .integer(id), .integer(version), .integer(Int64(limit))]))
        return try rows.map { row in
            var columns = ColumnReader(row, table: "row_history")
            let userID = try columns.integer(), number = Int(try columns.integer()), deleted = try columns.integer() == 1
            let createdAt = try columns.integer(), updatedAt = try columns.integer()
            let content = try columns.optionalText()
            return RowVersion(
                table: table, id: id, userID: userID, version: number,
                change: deleted ? .deleted : number == 1 ? .created : .updated,
                meta: RowMeta(version: number, createdAt: Instant(millisecondsSince1970: createdAt),
                              updatedAt: Instant(millisecondsSince1970: updatedAt)),
                content: content.map { Data($0.utf8) })
        }
    }
}
