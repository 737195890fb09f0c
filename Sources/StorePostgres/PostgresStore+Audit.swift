public import NativeModel
import PostgresNIO
public import Store

/// The audit trail on PostgreSQL (`AuditSQL`): an append takes the transaction advisory lock
/// `AuditSQL.lockKey` first, so appends from every node are ordered, each reading the last link and
/// adding after it; the lock goes with the commit.
extension PostgresStore {
    public func appendAudit(_ records: [AuditRecord]) async throws {
        guard !records.isEmpty else { return }
        try await write { connection in try await Self.appendAudit(records, connection) }
    }

    /// Appends `records` in the transaction `connection` is in.
    static func appendAudit(_ records: [AuditRecord], _ connection: PostgresConnection) async throws {
        try await connection.run(SQLFragment("SELECT pg_advisory_xact_lock(?)", [.integer(AuditSQL.lockKey)]))
        let head = try AuditSQL.head(last: try await connection.rows(AuditSQL.last),
                                     anchor: try await connection.rows(AuditSQL.anchor))
        let rows = AuditSQL.append(records, after: head)
        for statement in SQLFragment.inserts(into: "audit_trail", columns: AuditSQL.columnNames, rows.records)
            + SQLFragment.inserts(into: "audit_trail_keys", columns: AuditSQL.keyColumnNames, rows.keys) {
            try await connection.run(statement)
        }
    }

    public func auditRecords(_ query: AuditQuery) async throws -> [StoredAuditRecord] {
        try await AuditSearch.run(query) { fragment in try await read { connection in try await connection.rows(fragment) } }
    }

    public func auditChain(after sequence: Int64, limit: Int) async throws -> AuditChainPage {
        try await read { connection in
            let records = try await connection.rows(AuditSQL.chain(after: sequence, limit: limit)).map(AuditSQL.record)
            guard let anchor = try await connection.rows(AuditSQL.anchor).first else {
                return AuditChainPage(records: records, anchorSequence: nil, anchorHash: nil)
            }
            let head = try AuditSQL.head(last: [anchor], anchor: [])
            return AuditChainPage(records: records, anchorSequence: head.sequence, anchorHash: head.hash)
        }
    }

    @discardableResult
    public func pruneAudit(recordedBefore cutoff: Instant, record: AuditRecord) async throws -> Int {
        try await write { connection in
            try await connection.run(SQLFragment("SELECT pg_advisory_xact_lock(?)", [.integer(AuditSQL.lockKey)]))
            guard let boundary = try await connection.rows(AuditSQL.pruneBoundary(before: cutoff)).first else { return 0 }
            let (sequence, hash) = try AuditSQL.head(last: [boundary], anchor: [])
            let count = try await connection.integer(AuditSQL.count(through: sequence)) ?? 0
            for statement in AuditSQL.prune(through: sequence, hash: hash) { try await connection.run(statement) }
            try await Self.appendAudit([record], connection)
            return Int(count)
        }
    }
}
