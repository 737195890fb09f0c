public import NativeModel
import PostgresNIO
public import Store

extension PostgresStore {
    @discardableResult
    public func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome] {
        let now = clock()
        try WritePlanning.validate(operations, now: now)
        let audit = AuditHook.current
        let outcomes = try await write { connection in
            // Recorded at a time taken under the barrier's shared lock, which a snapshot's opening
            // excludes (PostgresStore+Snapshot).
            try await connection.run(PostgresStore.snapshotBarrier(shared: true))
            var batch = PostgresBatch(connection: connection, now: max(now, stamps.writeTime()))
            let outcomes = try await batch.apply(operations)
            // The request's audit record, last: the chain's lock is held only from here to the commit.
            if let record = audit?.record(for: outcomes) { try await Self.appendAudit([record], connection) }
            return outcomes
        }
        audit?.committed()
        return outcomes
    }

    public func user(id: Int64) async throws -> StoredUser? {
        guard snapshotID == nil else { return try await read { try await $0.rows(PostgresUsersByID.self, ids: [id])[id] } }
        return try await pointReads.users.read(id) { ids in
            try await connection { try await $0.rows(PostgresUsersByID.self, ids: ids) }
        }
    }

    public func users(_ page: PageRequest) async throws -> Page<StoredUser> {
        try await read { connection in
            let rows = try await connection.rows(SQLFragment(PostgresRowVersions.userSelect + " WHERE id > ? ORDER BY id LIMIT ?",
                                                             [.integer(page.after?.id ?? 0), .integer(Int64(page.limit + 1))]))
            let users = try await Self.users(from: Array(rows.prefix(page.limit)), on: connection)
            let next = rows.count > page.limit ? users.last.map { PageKey(id: $0.id) } : nil
            return Page(items: users, next: next)
        }
    }

    /// Rows of `users` (`SearchStatements.userColumns`, then any others) with their identifiers, read
    /// in one more query.
    static func users(from rows: [[ColumnValue]], on connection: PostgresConnection) async throws -> [StoredUser] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { row in
            guard case .integer(let id) = row.first else { throw StoreError.fault("a user row came back without its id") }
            return id
        }
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        var identifiers: [Int64: [ExternalIdentifier]] = [:]
        for row in try await connection.rows(SQLFragment(
            "SELECT user_id, system, value FROM user_identifiers WHERE user_id IN (\(marks)) ORDER BY id", ids.map { .integer($0) }))
        {
            var columns = ColumnReader(row, table: "user_identifiers")
            let userID = try columns.integer()
            identifiers[userID, default: []].append(ExternalIdentifier(system: try columns.text(), value: try columns.text()))
        }
        return try zip(rows, ids).map { row, id in try user(columns: row, identifiers: identifiers[id] ?? []) }
    }

    /// A user from a row of `SearchStatements.userColumns` (any other columns after them are ignored).
    static func user(columns row: [ColumnValue], identifiers: [ExternalIdentifier]) throws -> StoredUser {
        var columns = ColumnReader(row, table: NativeTable.users.rawValue)
        let (id, meta) = try meta(&columns)
        var record = try UserRecord(columns: &columns)
        record.identifiers = identifiers
        return StoredUser(id: id, meta: meta, record: record)
    }

    public func measurement<Record: MeasurementRecord>(_ type: Record.Type, id: Int64) async throws
        -> StoredMeasurement<Record>?
    {
        guard snapshotID == nil else {
            return try await read { try await $0.rows(PostgresMeasurementsByID<Record>.self, ids: [id])[id] }
        }
        return try await pointReads.measurements(type).read(id) { ids in
            try await connection { try await $0.rows(PostgresMeasurementsByID<Record>.self, ids: ids) }
        }
    }

    public func measurements<Record: MeasurementRecord>(
        _ type: Record.Type, userID: Int64, in range: TimeRange, page: PageRequest
    ) async throws -> Page<StoredMeasurement<Record>> {
        let time = Record.timeColumn
        var conditions = ["user_id = ?"]
        var arguments: [ColumnValue] = [.integer(userID)]
        if let from = range.from {
            conditions.append("\(time) >= ?")
            arguments.append(.integer(from.millisecondsSince1970))
        }
        if let to = range.to {
            conditions.append("\(time) < ?")
            arguments.append(.integer(to.millisecondsSince1970))
        }
        if let after = page.after {
            conditions.append("(\(time), id) > (?, ?)")
            arguments += [.integer(after.time), .integer(after.id)]
        }
        let sql = try WriteStatements.sql(WriteStatements.postgres.selectMeasurement, Record.table)
            + " WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(time), id LIMIT ?"
        arguments.append(.integer(Int64(page.limit + 1)))
        let rows = try await connection { connection in try await connection.rows(SQLFragment(sql, arguments)) }
        let items: [StoredMeasurement<Record>] = try rows.prefix(page.limit).map(Self.measurement)
        let next = rows.count > page.limit ? items.last.map { PageKey(time: $0.record.time.millisecondsSince1970, id: $0.id) } : nil
        return Page(items: items, next: next)
    }

    /// A measurement row selected as bookkeeping columns, `user_id`, then the content columns.
    static func measurement<Record: MeasurementRecord>(_ row: [ColumnValue]) throws -> StoredMeasurement<Record> {
        try RowDecoding.measurement(row)
    }

    private static func meta(_ columns: inout ColumnReader) throws -> (id: Int64, meta: RowMeta) {
        try RowDecoding.meta(&columns)
    }

    public func metadata(_ key: String) async throws -> String? {
        try await connection { connection in
            try await connection.rows(SQLFragment("SELECT value FROM store_metadata WHERE key = ?", [.text(key)])).first
                .flatMap(Self.text)
        }
    }

    public func metadata(prefix: String) async throws -> [String: String] {
        try await pairs(SQLFragment("SELECT key, value FROM store_metadata WHERE key >= ? AND key < ?",
                                    [.text(prefix), .text(prefix + "\u{10FFFF}")]))
    }

    public func metadata(keys: [String]) async throws -> [String: String] {
        var found: [String: String] = [:]
        for slice in keys.pieces(of: 1_000) {  // a statement binds at most 65,535 values
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
            found.merge(try await pairs(SQLFragment("SELECT key, value FROM store_metadata WHERE key IN (\(marks))",
                                                    slice.map { .text($0) })), uniquingKeysWith: { first, _ in first })
        }
        return found
    }

    public func users(importedAs references: [String]) async throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        for slice in references.pieces(of: 1_000) {
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
            let rows = try await connection { connection in
                try await connection.rows(SQLFragment("SELECT reference, user_id FROM user_sources WHERE reference IN (\(marks))",
                                                      slice.map { .text($0) }))
            }
            for row in rows {
                if case .text(let reference) = row[0], case .integer(let id) = row[1] { found[reference] = id }
            }
        }
        return found
    }

    private func pairs(_ select: SQLFragment) async throws -> [String: String] {
        let rows = try await connection { connection in try await connection.rows(select) }
        var found: [String: String] = [:]
        for row in rows {
            if case .text(let key) = row[0], case .text(let value) = row[1], found[key] == nil { found[key] = value }
        }
        return found
    }

    private static func text(_ row: [ColumnValue]) -> String? {
        if case .text(let text) = row.first { return text }
        return nil
    }

    public func rowCounts() async throws -> [NativeTable: Int] {
        try await read { connection in
            var counts: [NativeTable: Int] = [:]
            for table in NativeTable.allCases {
                counts[table] = Int(try await connection.integer(SQLFragment("SELECT count(*) FROM \(table.rawValue)")) ?? 0)
            }
            return counts
        }
    }
}
