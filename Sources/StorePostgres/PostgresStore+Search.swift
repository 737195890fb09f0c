public import NativeModel
import PostgresNIO
public import Store

/// Search (http://hl7.org/fhir/R4/search.html): `SearchStatements` in PostgreSQL's dialect, one
/// repeatable-read transaction per page.
extension PostgresStore {
    private static let statements = SearchStatements(dialect: .postgres)

    public func searchUsers(_ search: UserSearch, page: SearchPageRequest) async throws -> SearchPage<StoredUser> {
        try await read { connection in
            let total = page.countTotal ? Int(try await connection.integer(Self.statements.count(search)) ?? 0) : nil
            guard page.limit > 0, let select = try Self.statements.page(search, page) else {
                return SearchPage(hits: [], hasMore: false, total: total)
            }
            var rows = try await connection.rows(select)
            let hasMore = rows.count > page.limit
            rows = Array(rows.prefix(page.limit))
            if page.backward { rows.reverse() }
            let users = try await Self.users(from: rows, on: connection)
            let hits = zip(users, rows).map { user, row in
                SearchHit(item: user, position: SearchPosition(values: Array(row.dropFirst(SearchStatements.userColumnCount))))
            }
            return SearchPage(hits: hits, hasMore: hasMore, total: total)
        }
    }

    public func searchMeasurements(_ search: MeasurementSearch, page: SearchPageRequest) async throws
        -> SearchPage<MeasurementHit>
    {
        try await read { connection in
            var total: Int?
            if page.countTotal {
                var count: Int64 = 0
                for select in try Self.statements.counts(search) { count += try await connection.integer(select) ?? 0 }
                total = Int(count)
            }
            var broadOwners = false
            for select in try Self.statements.ownerCounts(search) where !broadOwners {
                broadOwners = try await connection.integer(select) ?? 0 > Int64(SearchStatements.ownerIndexBound)
            }
            guard page.limit > 0, let (select, termCount) = try Self.statements.page(search, page, broadOwners: broadOwners)
            else { return SearchPage(hits: [], hasMore: false, total: total) }
            let found = try await connection.rows(select)
            let hasMore = found.count > page.limit
            var keys = try found.prefix(page.limit).map { try MeasurementHitKey($0, termCount: termCount) }
            if page.backward { keys.reverse() }
            let rows = try await Self.measurementRows(for: keys, on: connection)
            let hits = keys.compactMap { key -> SearchHit<MeasurementHit>? in
                guard let row = rows[MeasurementRowKey(key)] else { return nil }
                return SearchHit(item: MeasurementHit(tag: key.tag, row: row), position: SearchPosition(values: key.terms))
            }
            return SearchPage(hits: hits, hasMore: hasMore, total: total)
        }
    }

    /// The rows the keys name, read a table at a time.
    private static func measurementRows(for keys: [MeasurementHitKey], on connection: PostgresConnection) async throws
        -> [MeasurementRowKey: MeasurementHit.Row]
    {
        var rows: [MeasurementRowKey: MeasurementHit.Row] = [:]
        for (table, pairs) in Dictionary(grouping: keys.map { ($0.table, $0.id) }, by: \.0) {
            let ids = Array(Set(pairs.map(\.1)))
            switch table {
            case .physicalActivity:
                for row in try await fetch(ActivityRecord.self, ids, connection) { rows[MeasurementRowKey(table, row.id)] = .activity(row) }
            case .sleep:
                for row in try await fetch(SleepRecord.self, ids, connection) { rows[MeasurementRowKey(table, row.id)] = .sleep(row) }
            case .bloodTests:
                for row in try await fetch(BloodTestRecord.self, ids, connection) { rows[MeasurementRowKey(table, row.id)] = .bloodTest(row) }
            case .vitalSigns:
                for row in try await fetch(VitalSignRecord.self, ids, connection) { rows[MeasurementRowKey(table, row.id)] = .vitalSign(row) }
            default: continue
            }
        }
        return rows
    }

    private static func fetch<Record: MeasurementRecord>(_ type: Record.Type, _ ids: [Int64],
                                                         _ connection: PostgresConnection) async throws
        -> [StoredMeasurement<Record>]
    {
        let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let sql = try WriteStatements.sql(WriteStatements.postgres.selectMeasurement, Record.table) + " WHERE id IN (\(marks))"
        return try await connection.rows(SQLFragment(sql, ids.map { .integer($0) })).map(measurement)
    }
}
