import GRDB
public import NativeModel
public import Store

extension SQLiteStore {
    static let bookkeepingColumns = SearchStatements.bookkeepingColumns

    /// The bookkeeping and content columns of `users`, in the order `users(from:)` reads them.
    static let userColumns = SearchStatements.userColumns
    /// `SELECT` of `userColumns`, for a `WHERE` clause to follow.
    static let userSelect = "SELECT \(userColumns) FROM users"
    private static let userPage = userSelect + " WHERE id > ? ORDER BY id LIMIT ?"
    /// One user with its identifiers in one statement: a row per identifier, each with the user's
    /// columns, then `system` and `value` (NULL in the one row of a user without identifiers).
    private static let userByIDWithIdentifiers = "SELECT "
        + userColumns.split(separator: ", ").map { "users.\($0)" }.joined(separator: ", ")
        + ", user_identifiers.system, user_identifiers.value FROM users "
        + "LEFT JOIN user_identifiers ON user_identifiers.user_id = users.id WHERE users.id = ? ORDER BY user_identifiers.id"

    public func user(id: Int64) async throws -> StoredUser? {
        try await shortRead(scope: .statement) { db in
            let rows = try SQLiteRows.all(db.cachedStatement(sql: Self.userByIDWithIdentifiers), [id])
            guard let first = rows.first else { return nil }
            var columns = ColumnReader(first, table: NativeTable.users.rawValue)
            let (id, meta) = try Self.meta(&columns)
            var record = try UserRecord(columns: &columns)
            record.identifiers = try rows.compactMap { row in
                var identifier = ColumnReader(Array(row.suffix(2)), table: "user_identifiers")
                guard let system = try identifier.optionalText() else { return nil }
                return ExternalIdentifier(system: system, value: try identifier.text())
            }
            return StoredUser(id: id, meta: meta, record: record)
        }
    }

    public func users(_ page: PageRequest) async throws -> Page<StoredUser> {
        try await shortRead { db in
            let rows = try SQLiteRows.all(db.cachedStatement(sql: Self.userPage),
                                          [page.after?.id ?? 0, page.limit + 1])
            let users = try Self.users(from: Array(rows.prefix(page.limit)), db: db)
            let next = rows.count > page.limit ? users.last.map { PageKey(id: $0.id) } : nil
            return Page(items: users, next: next)
        }
    }

    /// Rows of `users` (bookkeeping columns, then the content columns, then any others) with their
    /// identifiers, read in one query.
    static func users(from rows: [[ColumnValue]], db: Database) throws -> [StoredUser] {
        guard !rows.isEmpty else { return [] }
        var readers = rows.map { ColumnReader($0, table: NativeTable.users.rawValue) }
        let metas = try readers.indices.map { try meta(&readers[$0]) }
        var identifiers: [Int64: [ExternalIdentifier]] = [:]
        for row in try identifierRows(of: metas.map(\.id), db: db) {
            var columns = ColumnReader(row, table: "user_identifiers")
            let userID = try columns.integer()
            identifiers[userID, default: []].append(ExternalIdentifier(system: try columns.text(), value: try columns.text()))
        }
        return try readers.indices.map { index in
            var record = try UserRecord(columns: &readers[index])
            record.identifiers = identifiers[metas[index].id] ?? []
            return StoredUser(id: metas[index].id, meta: metas[index].meta, record: record)
        }
    }

    /// The identifier rows (`user_id`, `system`, `value`) of `ids`, through cached statements: parsing
    /// SQL per read cost more than the reads themselves (measured: 18% of a user read's CPU).
    private static func identifierRows(of ids: [Int64], db: Database) throws -> [[ColumnValue]] {
        if ids.count == 1 {
            let statement = try db.cachedStatement(
                sql: "SELECT user_id, system, value FROM user_identifiers WHERE user_id = ? ORDER BY id")
            return try SQLiteRows.all(statement, [ids[0]])
        }
        // One statement for any page size: the ids travel as a JSON array.
        let statement = try db.cachedStatement(
            sql: "SELECT user_id, system, value FROM user_identifiers "
                + "WHERE user_id IN (SELECT value FROM json_each(?)) ORDER BY id")
        return try SQLiteRows.all(statement, ["[" + ids.map(String.init).joined(separator: ",") + "]"])
    }

    public func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws
        -> StoredMeasurement<Record>?
    {
        try await shortRead(scope: .statement) { db in
            try SQLiteRows.one(db.cachedStatement(sql: try Self.measurementSelect(Record.self, byID: true)), [id])
                .map(Self.measurement)
        }
    }

    public func measurements<Record: MeasurementRecord>(
        _ type: Record.Type, userID: Int64, in range: TimeRange, page: PageRequest
    ) async throws -> Page<StoredMeasurement<Record>> {
        try await shortRead { db in
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
            let sql = try Self.measurementSelect(Record.self) + " WHERE \(conditions.joined(separator: " AND ")) "
                + "ORDER BY \(time), id LIMIT ?"
            arguments.append(page.limit + 1)
            let rows = try SQLiteRows.all(db.cachedStatement(sql: sql), StatementArguments(arguments))
            let items: [StoredMeasurement<Record>] = try rows.prefix(page.limit).map(Self.measurement)
            let next = rows.count > page.limit
                ? items.last.map { PageKey(time: $0.record.time.millisecondsSince1970, id: $0.id) } : nil
            return Page(items: items, next: next)
        }
    }

    /// `SELECT` of the bookkeeping columns, `user_id` and the content columns of a measurement table,
    /// for a `WHERE` clause to follow, or with `WHERE id = ?` when `byID` (built once per table:
    /// `SQLiteStatements.selectMeasurement`).
    static func measurementSelect<Record: MeasurementRecord>(_ type: Record.Type, byID: Bool = false) throws -> String {
        let statements = byID ? SQLiteStatements.measurementByID : SQLiteStatements.selectMeasurement
        guard let sql = statements[Record.table] else {
            throw StoreError.fault("no select statement for \(Record.table.rawValue)")
        }
        return sql
    }

    /// A measurement row selected as bookkeeping columns, `user_id`, then the content columns.
    static func measurement<Record: MeasurementRecord>(_ row: [ColumnValue]) throws -> StoredMeasurement<Record> {
        try RowDecoding.measurement(row)
    }

    private static func meta(_ columns: inout ColumnReader) throws -> (id: Int64, meta: RowMeta) {
        try RowDecoding.meta(&columns)
    }

    public func metadata(_ key: String) async throws -> String? {
        try await shortRead { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT value FROM store_metadata WHERE key = ?"), arguments: [key])
        }
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
        try await lookUp(keys, sql: { "SELECT key, value FROM store_metadata WHERE key IN (\($0))" })
    }

    public func users(importedAs references: [String]) async throws -> [String: Int64] {
        try await lookUp(references, sql: { "SELECT reference, user_id FROM user_sources WHERE reference IN (\($0))" })
    }

    /// The rows of `sql` (key, value) for `keys`, bound 500 at a time (within SQLite's limit of bound
    /// parameters); `sql` gets the placeholders.
    private func lookUp<Value: DatabaseValueConvertible & Sendable>(_ keys: [String], sql: @escaping @Sendable (String) -> String)
        async throws -> [String: Value]
    {
        guard !keys.isEmpty else { return [:] }
        return try await read { db in
            var found: [String: Value] = [:]
            for start in stride(from: 0, to: keys.count, by: 500) {
                let slice = Array(keys[start..<min(start + 500, keys.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                for row in try Row.fetchAll(db, sql: sql(marks), arguments: StatementArguments(slice)) {
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
