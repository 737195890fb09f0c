import NativeModel
import PostgresNIO
import Store

/// Runs of measurement creates written the way PostgreSQL is fast at: an import chunk or a generated
/// population is thousands of `createMeasurement` / `createOrMatchMeasurement` operations in a row,
/// and one statement per operation made a PostgreSQL import about 30 times slower than SQLite's (one
/// round trip each, measured in BENCHMARKS.md). A run instead costs, per table, one query for the
/// rows already stored under the run's source keys, one for those with the run's owners and times
/// (the candidates of a match by content), one for the new ids (`nextval` over the table's sequence)
/// and one `COPY … FROM STDIN` of the new rows, whatever its length.
///
/// The outcome is the one the operations would have had one by one:
/// - ids come from the table's own sequence, in the order of the operations;
/// - an operation that finds a stored row it keeps (`whenFound: .keep`, or the same content) is
///   answered from the lookup, unchanged: a re-import costs what an import does;
/// - one that would update the row it finds, or repeats the key or content of an operation earlier
///   in the run, is applied afterwards on its own (`PostgresBatch.apply`), so it finds that row and
///   updates or keeps it exactly as it would have in sequence: operations that match nothing in
///   common never interact;
/// - a source key another node stores between the lookup and the COPY fails the COPY on the unique
///   index; `PostgresStore.write` runs the transaction again, and the lookup then finds the row.
///   (A match by content has no unique key on either engine: two nodes importing the same keyless
///   record at the same moment may both store it, as two single creates would.)
///
/// See https://www.postgresql.org/docs/15/sql-copy.html (text format).
extension PostgresBatch {
    /// Whether `operation` can be part of a run: a measurement create, or create-or-match.
    static func joinsRun(_ operation: WriteOperation) -> Bool {
        switch operation {
        case .createMeasurement, .createOrMatchMeasurement: return true
        default: return false
        }
    }

    /// The shortest run worth the three statements per table.
    static let shortestRun = 4

    /// Applies `run` (operations that each `joinsRun`), whose first is operation `start` of the batch.
    mutating func applyRun(_ run: ArraySlice<WriteOperation>, start: Int) async throws -> [WriteOutcome] {
        try await findSourceRecords(of: run)
        var planned: [PlannedRow] = []
        planned.reserveCapacity(run.count)
        for (offset, operation) in run.enumerated() {
            let index = start + offset
            switch operation {
            case .createMeasurement(let record, let owner):
                planned.append(PlannedRow(index: index, record: record, userID: try await resolve(owner, at: index), whenFound: nil))
            case .createOrMatchMeasurement(let record, let owner, let whenFound):
                planned.append(PlannedRow(index: index, record: record, userID: try await resolve(owner, at: index),
                                          whenFound: whenFound))
            default:
                throw StoreError.fault("operation \(index) cannot join a run of creates")
            }
        }
        try await requireUsers(planned.map(\.userID))

        var outcomes: [WriteOutcome?] = Array(repeating: nil, count: run.count)
        var alone: [Int] = []  // offsets in the run applied one by one afterwards
        for table in NativeTable.measurementTables {
            let rows = planned.indices.filter { planned[$0].table == table }
            guard !rows.isEmpty else { continue }
            let matching = rows.filter { planned[$0].matches }.map { planned[$0] }
            let stored = try await storedRows(withKeys: matching.compactMap(\.sourceKey), in: table)
                .merging(try await storedRows(like: matching.filter { $0.record.externalID == nil }, in: table)) { first, _ in first }
            var seen = Set<MatchKey>()
            var inserted: [Int] = []
            for offset in rows {
                let row = planned[offset]
                guard let whenFound = row.whenFound else {
                    seen.insert(row.matchKey)  // a later match in the run finds this row
                    inserted.append(offset)
                    continue
                }
                if !seen.insert(row.matchKey).inserted {
                    alone.append(offset)  // finds the row an earlier operation of the run creates or matches
                } else if let found = stored[row.matchKey] {
                    // Only a replace compares contents: a keep needs no JSON of the stored row.
                    let keeps = try whenFound == .keep || WritePlanning.keepsFound(
                        WritePlanning.version(table, id: found.id, userID: row.userID, meta: found.meta, record: found.record),
                        record: row.record, whenFound: whenFound)
                    if keeps {
                        outcomes[offset] = WriteOutcome(change: .unchanged, table: table, id: found.id, userID: row.userID,
                                                        meta: found.meta)
                    } else {
                        alone.append(offset)  // an update: its history, its version
                    }
                } else {
                    inserted.append(offset)
                }
            }
            let ids = try await nextIDs(inserted.count, in: table)
            try await copy(inserted.enumerated().map { (ids[$0.offset], planned[$0.element]) }, into: table)
            for (number, offset) in inserted.enumerated() {
                outcomes[offset] = WritePlanning.outcome(.created, table, id: ids[number], userID: planned[offset].userID, at: now)
            }
        }
        for offset in alone.sorted() {
            let row = planned[offset]
            outcomes[offset] = try await apply(run[run.startIndex + offset], at: row.index)
        }
        return try outcomes.map { outcome in
            guard let outcome else { throw StoreError.fault("an operation of a run of creates was not applied") }
            return outcome
        }
    }

    /// One operation of a run with its owner resolved.
    private struct PlannedRow {
        var index: Int
        var record: any MeasurementRecord
        var userID: Int64
        /// What a `createOrMatchMeasurement` does with the row it finds; nil for a plain create.
        var whenFound: WriteOperation.WhenFound?

        var matches: Bool { whenFound != nil }
        var table: NativeTable { type(of: record).table }
        var sourceKey: SourceKey? {
            record.externalID.map { SourceKey(source: record.source, externalID: $0, userID: userID) }
        }
        /// What a match compares: the source key when the record has one, else the owner and content.
        var matchKey: MatchKey {
            sourceKey.map(MatchKey.source) ?? .content(userID: userID, record.columnValues)
        }
    }

    /// What the unique index `<table>_source_key` holds.
    private struct SourceKey: Hashable {
        var source: String
        var externalID: String
        var userID: Int64
    }

    /// How an operation finds its row: by source key, or (without one) by owner and every content column.
    private enum MatchKey: Hashable {
        case source(SourceKey)
        case content(userID: Int64, [ColumnValue])
    }

    /// The stored rows under `keys`, in one statement whatever their number (the keys bound as three
    /// arrays). The lookups here and in `storedRows(like:)` probe the index once per key: written as a
    /// plain join, the planner hashed the keys and scanned the whole table for every chunk, which made
    /// an import slower the more the table held (`OFFSET 0` keeps each probe a subquery).
    private func storedRows(withKeys keys: [SourceKey], in table: NativeTable) async throws -> [MatchKey: StoredRow] {
        guard !keys.isEmpty else { return [:] }
        var bindings = PostgresBindings(capacity: 3)
        bindings.append(keys.map(\.source))
        bindings.append(keys.map(\.externalID))
        bindings.append(keys.map(\.userID))
        let sql = "SELECT t.* FROM unnest($1::text[], $2::text[], $3::bigint[]) AS k (source, external_id, user_id) "
            + "CROSS JOIN LATERAL (" + (try Self.selectStored(table)) + " WHERE source = k.source AND external_id = k.external_id "
            + "AND user_id = k.user_id AND external_id IS NOT NULL OFFSET 0) AS t"
        var stored: [MatchKey: StoredRow] = [:]
        for row in try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings)) {
            let (key, found) = try Self.storedRow(row, of: table)
            stored[key] = found
        }
        return stored
    }

    /// The stored rows at the owners and times of `rows` (records without a source key) by their
    /// content, read back through their record type so they compare as the records the run would
    /// write; of rows with the same content, the first stored. One statement, through the
    /// `(user_id, time)` index once per owner-and-time pair.
    private func storedRows(like rows: [PlannedRow], in table: NativeTable) async throws -> [MatchKey: StoredRow] {
        guard let first = rows.first else { return [:] }
        let timeColumn = type(of: first.record).timeColumn
        let pairs = Array(Set(rows.map { Pair(userID: $0.userID, time: $0.record.time.millisecondsSince1970) }))
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(pairs.map(\.userID))
        bindings.append(pairs.map(\.time))
        let sql = "SELECT t.* FROM unnest($1::bigint[], $2::bigint[]) AS k (user_id, at) CROSS JOIN LATERAL ("
            + (try Self.selectStored(table)) + " WHERE user_id = k.user_id AND \(timeColumn) = k.at OFFSET 0) AS t"
        var stored: [MatchKey: StoredRow] = [:]
        for row in try await connection.rows(PostgresQuery(unsafeSQL: sql, binds: bindings)) {
            let (key, found) = try Self.storedRow(row, of: table)
            if let earlier = stored[key], earlier.id < found.id { continue }
            stored[key] = found
        }
        return stored
    }

    /// An owner and a time a record without a source key is looked up at.
    private struct Pair: Hashable {
        var userID: Int64
        var time: Int64
    }

    /// `SELECT id, version, created_at, updated_at, user_id, <content columns> FROM <table>`.
    private static func selectStored(_ table: NativeTable) throws -> String {
        try WriteStatements.sql(WriteStatements.postgres.selectMeasurement, table)
    }

    /// A stored row a run's operation may find.
    private struct StoredRow {
        var id: Int64
        var meta: RowMeta
        var record: any MeasurementRecord
    }

    /// A row of `selectStored` as the key a run's operation would find it by, and the row.
    private static func storedRow(_ row: [ColumnValue], of table: NativeTable) throws -> (MatchKey, StoredRow) {
        guard let recordType = table.recordType as? any MeasurementRecord.Type else {
            throw StoreError.fault("\(table) holds no measurements")
        }
        return try storedRow(row, as: recordType)
    }

    private static func storedRow<Record: MeasurementRecord>(_ row: [ColumnValue], as type: Record.Type) throws
        -> (MatchKey, StoredRow)
    {
        let stored: StoredMeasurement<Record> = try RowDecoding.measurement(row)
        let key = stored.record.externalID.map {
            MatchKey.source(SourceKey(source: stored.record.source, externalID: $0, userID: stored.userID))
        } ?? .content(userID: stored.userID, stored.record.columnValues)
        return (key, StoredRow(id: stored.id, meta: stored.meta, record: stored.record))
    }

    /// The users that the run's owners by source record (an import's Observations naming their
    /// Patient) were imported as, in one statement: resolved one by one, a run of 10,000 Observations
    /// cost a round trip for each of its few hundred Patients. A reference found nowhere is left to
    /// `resolve`, which looks it up again and takes its fallback.
    private mutating func findSourceRecords(of run: ArraySlice<WriteOperation>) async throws {
        var references = Set<String>()
        for operation in run {
            switch operation {
            case .createMeasurement(_, .sourceRecord(let reference, _)), .createOrMatchMeasurement(_, .sourceRecord(let reference, _), _):
                if usersBySource[reference] == nil { references.insert(reference) }
            default: continue
            }
        }
        guard !references.isEmpty else { return }
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(Array(references))
        let query = PostgresQuery(unsafeSQL: "SELECT reference, user_id FROM user_sources WHERE reference = ANY($1)", binds: bindings)
        for try await (reference, userID) in try await connection.query(query, logger: PostgresStatement.logger).decode((String, Int64).self) {
            usersBySource[reference] = userID
        }
    }

    /// Fails with the first of `ids` (the run's owners, in order) that names no user, as the
    /// operations one by one would.
    private mutating func requireUsers(_ ids: [Int64]) async throws {
        var unknown: [Int64] = []  // in the order of the operations, each once
        var listed = knownUsers
        for id in ids where listed.insert(id).inserted { unknown.append(id) }
        guard !unknown.isEmpty else { return }
        var found = Set<Int64>()
        for slice in unknown.pieces(of: 1_000) {
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
            for row in try await connection.rows(SQLFragment("SELECT id FROM users WHERE id IN (\(marks))", slice.map { .integer($0) })) {
                if case .integer(let id) = row.first { found.insert(id) }
            }
        }
        if let missing = unknown.first(where: { !found.contains($0) }) { throw StoreError.notFound(.users, id: missing) }
        knownUsers.formUnion(found)
    }

    /// `count` new ids from the table's sequence, ascending.
    func nextIDs(_ count: Int, in table: NativeTable) async throws -> [Int64] {
        guard count > 0 else { return [] }
        let rows = try await connection.rows(SQLFragment(
            "SELECT nextval('\(table.rawValue)_id_seq') FROM generate_series(1, ?)", [.integer(Int64(count))]))
        let ids = rows.compactMap { row -> Int64? in if case .integer(let id) = row.first { id } else { nil } }.sorted()
        guard ids.count == count else { throw StoreError.fault("the sequence of \(table.rawValue) gave \(ids.count) of \(count) ids") }
        return ids
    }

    /// Writes `rows` with their ids in one `COPY … FROM STDIN` (text format), sent a piece at a time
    /// so that PostgreSQL stores each piece while the next is encoded.
    private func copy(_ rows: [(id: Int64, row: PlannedRow)], into table: NativeTable) async throws {
        guard let first = rows.first else { return }
        let columns = ["id", "user_id"] + type(of: first.row.record).contentColumns + ["created_at", "updated_at", "version"]
        let stamp = ColumnValue.integer(now.millisecondsSince1970)
        // Table and column names are the store's own (NativeTable, contentColumns), never input.
        try await connection.copyFrom(table: table.rawValue, columns: columns, logger: PostgresStatement.logger) { writer in
            for piece in rows.pieces(of: Self.copyPiece) {
                var buffer = ByteBuffer()
                buffer.reserveCapacity(Self.copyPiece * 160)
                for (id, row) in piece {
                    PostgresCopyText.append([.integer(id), .integer(row.userID)] + row.record.columnValues + [stamp, stamp, .integer(1)],
                                            to: &buffer)
                }
                try await writer.write(buffer)
            }
        }
    }

    /// Rows per piece of a COPY.
    private static let copyPiece = 500
}
