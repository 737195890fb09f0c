import GRDB
public import NativeModel
public import Store

extension SQLiteStore {
    static let bookkeepingColumns = "id, version, created_at, updated_at"

    public func user(id: Int64) async throws -> StoredUser? {
        try await read { db in
            let sql = "SELECT \(Self.bookkeepingColumns), \(UserRecord.contentColumns.joined(separator: ", ")) "
                + "FROM users WHERE id = ?"
            guard let row = try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id]) else { return nil }
            return try Self.users(from: [row], db: db).first
        }
    }

    public func users(_ page: PageRequest) async throws -> Page<StoredUser> {
        try await read { db in
            let sql = "SELECT \(Self.bookkeepingColumns), \(UserRecord.contentColumns.joined(separator: ", ")) "
                + "FROM users WHERE id > ? ORDER BY id LIMIT ?"
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [page.after?.id ?? 0, page.limit + 1])
            let users = try Self.users(from: Array(rows.prefix(page.limit)), db: db)
            let next = rows.count > page.limit ? users.last.map { PageKey(id: $0.id) } : nil
            return Page(items: users, next: next)
        }
    }

    /// Rows of `users` (bookkeeping columns first) with their identifiers, read in one query.
    static func users(from rows: [Row], db: Database) throws -> [StoredUser] {
        guard !rows.isEmpty else { return [] }
        let ids: [Int64] = rows.map { $0[0] }
        var identifiers: [Int64: [ExternalIdentifier]] = [:]
        for row in try identifierRows(of: ids, db: db) {
            identifiers[row[0], default: []].append(ExternalIdentifier(system: row[1], value: row[2]))
        }
        return try rows.map { row in
            var columns = ColumnReader(row.columnValues(from: 4), table: NativeTable.users.rawValue)
            var record = try UserRecord(columns: &columns)
            let id: Int64 = row[0]
            record.identifiers = identifiers[id] ?? []
            return StoredUser(id: id, meta: meta(row), record: record)
        }
    }

    /// The identifier rows (`user_id`, `system`, `value`) of `ids`, through cached statements: parsing
    /// SQL per read cost more than the reads themselves (measured: 18% of a user read's CPU).
    private static func identifierRows(of ids: [Int64], db: Database) throws -> [Row] {
        if ids.count == 1 {
            let statement = try db.cachedStatement(
                sql: "SELECT user_id, system, value FROM user_identifiers WHERE user_id = ? ORDER BY id")
            return try Row.fetchAll(statement, arguments: [ids[0]])
        }
        // One statement for any page size: the ids travel as a JSON array.
        let statement = try db.cachedStatement(
            sql: "SELECT user_id, system, value FROM user_identifiers "
                + "WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY id")
        return try Row.fetchAll(statement, arguments: ["[" + ids.map(String.init).joined(separator: ",") + "]"])
    }

    public func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws
        -> StoredMeasurement<Record>?
    {
        try await read { db in
            let sql = "SELECT \(Self.bookkeepingColumns), user_id, \(Record.contentColumns.joined(separator: ", ")) "
                + "FROM \(Record.table.rawValue) WHERE id = ?"
            return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: [id]).map(Self.measurement)
        }
    }

    public func measurements<Record: MeasurementRecord>(
        _ type: Record.Type, userID: Int64, in range: TimeRange, page: PageRequest
    ) async throws -> Page<StoredMeasurement<Record>> {
        try await read { db in
            let time = Record.timeColumn
            var conditions = ["user_id = ?"]
            var arguments: [any DatabaseValueConvertible] = [userID]
            if let from = range.from {
                conditions.append("\(time) >= ?")
                arguments.append(from.millisecondsSince1970)
            }
            if let to = range.to {
                conditions.append("\(time) < ?")
                arguments.append(to.millisecondsSince1970)
            }
            if let after = page.after {
                conditions.append("(\(time), id) > (?, ?)")
                arguments += [after.time, after.id]
            }
            let sql = "SELECT \(Self.bookkeepingColumns), user_id, \(Record.contentColumns.joined(separator: ", ")) "
                + "FROM \(Record.table.rawValue) WHERE \(conditions.joined(separator: " AND ")) "
                + "ORDER BY \(time), id LIMIT ?"
            arguments.append(page.limit + 1)
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
            let items: [StoredMeasurement<Record>] = try rows.prefix(page.limit).map(Self.measurement)
            let next = rows.count > page.limit
                ? items.last.map { PageKey(time: $0.record.time.millisecondsSince1970, id: $0.id) } : nil
            return Page(items: items, next: next)
        }
    }

    /// A measurement row selected as bookkeeping columns, `user_id`, then the content columns.
    static func measurement<Record: MeasurementRecord>(_ row: Row) throws -> StoredMeasurement<Record> {
        var columns = ColumnReader(row.columnValues(from: 5), table: Record.table.rawValue)
        return StoredMeasurement(id: row[0], userID: row[4], meta: meta(row), record: try Record(columns: &columns))
    }

    private static func meta(_ row: Row) -> RowMeta {
        RowMeta(version: row[1], createdAt: Instant(millisecondsSince1970: row[2]),
                updatedAt: Instant(millisecondsSince1970: row[3]))
    }

    public func metadata(_ key: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT value FROM store_metadata WHERE key = ?", arguments: [key]) }
    }

    public func metadata(prefix: String) async throws -> [String: String] {
        try await read { db in
            // A range on the primary key, not LIKE: the prefix may hold `%` or `_`.
            let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM store_metadata WHERE key >= ? AND key < ?",
                                        arguments: [prefix, prefix + "\u{10FFFF}"])
            return Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        }
    }

    public func metadata(keys: [String]) async throws -> [String: String] {
        guard !keys.isEmpty else { return [:] }
        return try await read { db in
            var found: [String: String] = [:]
            for start in stride(from: 0, to: keys.count, by: 500) {  // within SQLite's limit of bound parameters
                let slice = Array(keys[start..<min(start + 500, keys.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: "SELECT key, value FROM store_metadata WHERE key IN (\(marks))",
                                            arguments: StatementArguments(slice)) {
                    found[row[0]] = row[1]
                }
            }
            return found
        }
    }

    public func rowCounts() async throws -> [NativeTable: Int] {
        try await read { db in
            var counts: [NativeTable: Int] = [:]
            for table in NativeTable.allCases {
                counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.rawValue)") ?? 0
            }
            return counts
        }
    }
}
