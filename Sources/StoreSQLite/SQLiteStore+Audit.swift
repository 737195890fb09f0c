import GRDB
public import NativeModel
public import Store

/// The audit trail on SQLite (`AuditSQL`): appends run under the one writer, so each reads the last
/// link and adds after it with nothing in between.
extension SQLiteStore {
    public func appendAudit(_ records: [AuditRecord]) async throws {
        guard !records.isEmpty else { return }
        try await write { db in try Self.appendAudit(records, db) }
    }

    /// Appends `records` in the transaction `db` is in.
    static func appendAudit(_ records: [AuditRecord], _ db: Database) throws {
        let head = try AuditSQL.head(last: rows(AuditSQL.last, db), anchor: rows(AuditSQL.anchor, db))
        let rows = AuditSQL.append(records, after: head)
        // Every read appends here: bound straight through SQLite's C API (`SQLiteBinder`), not GRDB's arguments.
        let insertRecord = try db.cachedStatement(sql: AuditSQL.insertRecord)
        for row in rows.records { try insertRecord.run(in: db) { $0.bind(row) } }
        let insertKey = try db.cachedStatement(sql: AuditSQL.insertKey)
        for row in rows.keys { try insertKey.run(in: db) { $0.bind(row) } }
    }

    public func auditRecords(_ query: AuditQuery) async throws -> [StoredAuditRecord] {
        try await AuditSearch.run(query) { fragment in try await read { db in try Self.rows(fragment, db) } }
    }

    public func auditChain(after sequence: Int64, limit: Int) async throws -> AuditChainPage {
        try await read { db in
            let records = try Self.rows(AuditSQL.chain(after: sequence, limit: limit), db).map(AuditSQL.record)
            let anchor = try Self.rows(AuditSQL.anchor, db).first
            guard let anchor else { return AuditChainPage(records: records, anchorSequence: nil, anchorHash: nil) }
            let head = try AuditSQL.head(last: [anchor], anchor: [])
            return AuditChainPage(records: records, anchorSequence: head.sequence, anchorHash: head.hash)
        }
    }

    @discardableResult
    public func pruneAudit(recordedBefore cutoff: Instant, record: AuditRecord) async throws -> Int {
        try await write { db in
            guard let boundary = try Self.rows(AuditSQL.pruneBoundary(before: cutoff), db).first else { return 0 }
            let (sequence, hash) = try AuditSQL.head(last: [boundary], anchor: [])
            let count = try Int.fetchOne(db, sql: AuditSQL.count(through: sequence).sql,
                                         arguments: Self.arguments(AuditSQL.count(through: sequence).arguments)) ?? 0
            for statement in AuditSQL.prune(through: sequence, hash: hash) {
                try db.execute(sql: statement.sql, arguments: Self.arguments(statement.arguments))
            }
            try Self.appendAudit([record], db)
            return count
        }
    }

    static func rows(_ fragment: SQLFragment, _ db: Database) throws -> [[ColumnValue]] {
        try Row.fetchAll(db, sql: fragment.sql, arguments: arguments(fragment.arguments)).map { row in
            (0..<row.count).map { ColumnValue(row[$0] as DatabaseValue) }
        }
    }
}
