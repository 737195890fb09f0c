public import NativeModel

/// The audit trail's statements, the same for both SQL engines (`?` marks): the tables are
/// `audit_trail` (one row per record, with its hash link), `audit_trail_keys` (the agents, entities and
/// patients of each record, kind `a`, `e`, `p`, for searching) and `audit_trail_anchor` (the last pruned
/// record's sequence and hash). Appends are serialized (SQLite's one writer; PostgreSQL's transaction
/// advisory lock `AuditSQL.lockKey`), so sequence numbers have no gaps and each record names the hash
/// of the one before.
public enum AuditSQL {
    /// The PostgreSQL advisory lock that orders appends across nodes ("hgau").
    public static let lockKey: Int64 = 0x6867_6175

    static let columns = "seq, recorded_at, request_id, client_id, subject, fhir_user, source, interaction, resource_type, "
        + "entities, patients, parameters, status, duration_us, previous_hash, hash"

    /// The last record's sequence and hash, else the anchor's (everything pruned), else nothing.
    public static let last = SQLFragment("""
        SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1
        """)
    public static let anchor = SQLFragment("SELECT seq, hash FROM audit_trail_anchor WHERE id = 1")

    /// Where the chain stands, from the rows `last` and `anchor` read.
    public static func head(last: [[ColumnValue]], anchor: [[ColumnValue]]) throws -> (sequence: Int64, hash: String) {
        for rows in [last, anchor] {
            if let row = rows.first {
                guard row.count == 2, case .integer(let sequence) = row[0], case .text(let hash) = row[1] else {
                    throw StoreError.fault("the audit trail's last link cannot be read")
                }
                return (sequence, hash)
            }
        }
        return (0, AuditChain.genesis)
    }

    /// The statements appending `records` after `head`, and the new head.
    public static func append(_ records: [AuditRecord], after head: (sequence: Int64, hash: String))
        -> (statements: [SQLFragment], head: (sequence: Int64, hash: String))
    {
        var statements: [SQLFragment] = []
        var (sequence, previous) = head
        for record in records {
            sequence += 1
            let hash = AuditChain.hash(sequence: sequence, record, previous: previous)
            statements.append(SQLFragment(
                "INSERT INTO audit_trail (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", [
                    .integer(sequence), .integer(record.recordedAt.millisecondsSince1970), .text(record.requestID),
                    ColumnValue(record.clientID), ColumnValue(record.subject), ColumnValue(record.fhirUser),
                    ColumnValue(record.source), .text(record.interaction), ColumnValue(record.resourceType),
                    .text(record.entities.joined(separator: " ")), .text(record.patients.joined(separator: " ")),
                    .text(record.parameters.joined(separator: " ")), .integer(Int64(record.status)),
                    .integer(record.durationMicroseconds), .text(previous), .text(hash),
                ]))
            var keys: [(String, String)] = []
            for agent in [record.clientID, record.subject, record.fhirUser].compactMap({ $0 }) where !agent.isEmpty {
                keys.append(("a", agent))
            }
            keys += record.entities.map { ("e", $0) } + record.patients.map { ("p", $0) }
            var seen: Set<String> = []
            keys = keys.filter { seen.insert($0.0 + $0.1).inserted }
            if !keys.isEmpty {
                let marks = Array(repeating: "(?, ?, ?)", count: keys.count).joined(separator: ", ")
                statements.append(SQLFragment("INSERT INTO audit_trail_keys (kind, value, seq) VALUES \(marks)",
                                              keys.flatMap { [.text($0.0), .text($0.1), .integer(sequence)] }))
            }
            previous = hash
        }
        return (statements, (sequence, previous))
    }

    /// The records `query` asks for, newest first.
    public static func select(_ query: AuditQuery) -> SQLFragment {
        var sql = "SELECT \(columns) FROM audit_trail WHERE 1 = 1"
        var arguments: [ColumnValue] = []
        if let from = query.from {
            sql += " AND recorded_at >= ?"
            arguments.append(.integer(from.millisecondsSince1970))
        }
        if let to = query.to {
            sql += " AND recorded_at < ?"
            arguments.append(.integer(to.millisecondsSince1970))
        }
        if let before = query.before {
            sql += " AND seq < ?"
            arguments.append(.integer(before))
        }
        for (kind, value) in [("a", query.agent), ("e", query.entity), ("p", query.patient)] {
            guard let value else { continue }
            sql += " AND seq IN (SELECT seq FROM audit_trail_keys WHERE kind = ? AND value = ?)"
            arguments += [.text(kind), .text(value)]
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        arguments.append(.integer(Int64(max(1, query.limit))))
        return SQLFragment(sql, arguments)
    }

    /// Up to `limit` records after `sequence`, oldest first.
    public static func chain(after sequence: Int64, limit: Int) -> SQLFragment {
        SQLFragment("SELECT \(columns) FROM audit_trail WHERE seq > ? ORDER BY seq LIMIT ?",
                    [.integer(sequence), .integer(Int64(max(1, limit)))])
    }

    /// The newest record recorded before `cutoff`: what a prune removes up to (and including).
    public static func pruneBoundary(before cutoff: Instant) -> SQLFragment {
        SQLFragment("SELECT seq, hash FROM audit_trail WHERE recorded_at < ? ORDER BY seq DESC LIMIT 1",
                    [.integer(cutoff.millisecondsSince1970)])
    }

    /// How many records a prune through `sequence` removes.
    public static func count(through sequence: Int64) -> SQLFragment {
        SQLFragment("SELECT COUNT(*) FROM audit_trail WHERE seq <= ?", [.integer(sequence)])
    }

    /// Removes every record up to `sequence` (whose hash is `hash`) and makes it the anchor.
    public static func prune(through sequence: Int64, hash: String) -> [SQLFragment] {
        [
            SQLFragment("DELETE FROM audit_trail_keys WHERE seq <= ?", [.integer(sequence)]),
            SQLFragment("DELETE FROM audit_trail WHERE seq <= ?", [.integer(sequence)]),
            SQLFragment("""
                INSERT INTO audit_trail_anchor (id, seq, hash) VALUES (1, ?, ?)
                ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                """, [.integer(sequence), .text(hash)]),
        ]
    }

    /// A record from a row of `columns`.
    public static func record(_ row: [ColumnValue]) throws -> StoredAuditRecord {
        guard row.count == 16, case .integer(let sequence) = row[0], case .integer(let recorded) = row[1],
              case .text(let requestID) = row[2], case .text(let interaction) = row[7],
              case .integer(let status) = row[12], case .integer(let duration) = row[13],
              case .text(let previous) = row[14], case .text(let hash) = row[15]
        else { throw StoreError.fault("an audit record cannot be read") }
        func text(_ value: ColumnValue) -> String? {
            if case .text(let text) = value { return text }
            return nil
        }
        func list(_ value: ColumnValue) -> [String] {
            (text(value) ?? "").split(separator: " ").map(String.init)
        }
        let record = AuditRecord(
            recordedAt: Instant(millisecondsSince1970: recorded), requestID: requestID, clientID: text(row[3]),
            subject: text(row[4]), fhirUser: text(row[5]), source: text(row[6]), interaction: interaction,
            resourceType: text(row[8]), entities: list(row[9]), patients: list(row[10]), parameters: list(row[11]),
            status: Int(status), durationMicroseconds: duration)
        return StoredAuditRecord(sequence: sequence, record: record, previousHash: previous, hash: hash)
    }
}
