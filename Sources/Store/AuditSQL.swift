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

    public static let columnNames = ["seq", "recorded_at", "request_id", "client_id", "subject", "fhir_user", "source",
                                     "interaction", "resource_type", "entities", "patients", "parameters", "status",
                                     "duration_us", "previous_hash", "hash"]
    static let columns = columnNames.joined(separator: ", ")

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

    /// The columns of `audit_trail_keys`, in the order `append` gives its rows.
    public static let keyColumnNames = ["segment", "kind", "value", "seq"]
    /// One record's row of `audit_trail`, in `columnNames` order.
    public static let insertRecord = insert(into: "audit_trail", columnNames)
    /// One search key's row of `audit_trail_keys`.
    public static let insertKey = insert(into: "audit_trail_keys", keyColumnNames)

    private static func insert(into table: String, _ columns: [String]) -> String {
        "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
    }

    /// Search keys are grouped by segment, 65,536 records each (`seq >> 16`), first in their primary key:
    /// the keys of a batch of records then go into the few pages of the newest segment instead of pages
    /// all over an index ordered by value (one page written per key, at thousands of reads a second);
    /// a search probes its value segment by segment (`AuditSearch`).
    public static let segmentBits: Int64 = 16

    public static func segment(of sequence: Int64) -> Int64 { sequence >> segmentBits }

    /// The rows appending `records` after `head` (each record's row and its search keys' rows), and the
    /// new head. Each engine inserts them its own way: SQLite a prepared statement per row, PostgreSQL
    /// many rows per statement.
    public static func append(_ records: [AuditRecord], after head: (sequence: Int64, hash: String))
        -> (records: [[ColumnValue]], keys: [[ColumnValue]], head: (sequence: Int64, hash: String))
    {
        var recordRows: [[ColumnValue]] = []
        var keyRows: [[ColumnValue]] = []
        recordRows.reserveCapacity(records.count)
        var (sequence, previous) = head
        for record in records {
            sequence += 1
            let hash = AuditChain.hash(sequence: sequence, record, previous: previous)
            recordRows.append([
                .integer(sequence), .integer(record.recordedAt.millisecondsSince1970), .text(record.requestID),
                ColumnValue(record.clientID), ColumnValue(record.subject), ColumnValue(record.fhirUser),
                ColumnValue(record.source), .text(record.interaction), ColumnValue(record.resourceType),
                .text(record.entities.joined(separator: " ")), .text(record.patients.joined(separator: " ")),
                .text(record.parameters.joined(separator: " ")), .integer(Int64(record.status)),
                .integer(record.durationMicroseconds), .text(previous), .text(hash),
            ])
            for (kind, value) in keys(of: record) {
                keyRows.append([.integer(segment(of: sequence)), .text(kind), .text(value), .integer(sequence)])
            }
            previous = hash
        }
        return (recordRows, keyRows, (sequence, previous))
    }

    /// A record's search keys: its agents (`a`), entities (`e`) and patients (`p`), without repeats. A
    /// patient whose Patient is among the entities is found through that entity and gets no key of its own.
    static func keys(of record: AuditRecord) -> [(String, String)] {
        var keys: [(String, String)] = []
        var seen: Set<String> = []
        func add(_ kind: String, _ value: String) {
            if !value.isEmpty, seen.insert(kind + value).inserted { keys.append((kind, value)) }
        }
        for agent in [record.clientID, record.subject, record.fhirUser].compactMap({ $0 }) { add("a", agent) }
        for entity in record.entities { add("e", entity) }
        for patient in record.patients where !seen.contains("ePatient/" + patient) { add("p", patient) }
        return keys
    }

    /// The records `query` asks for, newest first, among sequence numbers `sequences` and, when it has
    /// key conditions, whose keys are in `segments`.
    public static func select(_ query: AuditQuery, sequences: ClosedRange<Int64>, segments: ClosedRange<Int64>?,
                              limit: Int) -> SQLFragment {
        var sql = "SELECT \(columns) FROM audit_trail WHERE seq BETWEEN ? AND ?"
        var arguments: [ColumnValue] = [.integer(sequences.lowerBound), .integer(sequences.upperBound)]
        if let from = query.from {
            sql += " AND recorded_at >= ?"
            arguments.append(.integer(from.millisecondsSince1970))
        }
        if let to = query.to {
            sql += " AND recorded_at < ?"
            arguments.append(.integer(to.millisecondsSince1970))
        }
        let inSegments = segments.map { "segment IN (" + $0.map(String.init).joined(separator: ", ") + ")" } ?? "1 = 1"
        for (kind, value) in [("a", query.agent), ("e", query.entity)] {
            guard let value else { continue }
            sql += " AND seq IN (SELECT seq FROM audit_trail_keys WHERE \(inSegments) AND kind = ? AND value = ?)"
            arguments += [.text(kind), .text(value)]
        }
        if let patient = query.patient {  // its own key, or its Patient's entity key (`keys(of:)`)
            sql += " AND seq IN (SELECT seq FROM audit_trail_keys WHERE \(inSegments) AND ((kind = 'p' AND value = ?) "
                + "OR (kind = 'e' AND value = ?)))"
            arguments += [.text(patient), .text("Patient/" + patient)]
        }
        sql += " ORDER BY seq DESC LIMIT ?"
        arguments.append(.integer(Int64(max(1, limit))))
        return SQLFragment(sql, arguments)
    }

    /// In one row: the first and last sequence numbers of the trail, then, for each time given, the
    /// first one recorded at or after `from` and the last one recorded before `to` (through the index
    /// on `recorded_at`); nulls where there is none.
    public static func reach(from: Instant?, to: Instant?) -> SQLFragment {
        var sql = "SELECT MIN(seq), MAX(seq)"
        var arguments: [ColumnValue] = []
        if let from {
            sql += ", (SELECT MIN(seq) FROM audit_trail WHERE recorded_at >= ?)"
            arguments.append(.integer(from.millisecondsSince1970))
        }
        if let to {
            sql += ", (SELECT MAX(seq) FROM audit_trail WHERE recorded_at < ?)"
            arguments.append(.integer(to.millisecondsSince1970))
        }
        return SQLFragment(sql + " FROM audit_trail", arguments)
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
            SQLFragment("DELETE FROM audit_trail_keys WHERE segment <= ? AND seq <= ?",
                        [.integer(segment(of: sequence)), .integer(sequence)]),
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
