import GRDB
public import NativeModel
public import Store

/// Search (http://hl7.org/fhir/R4/search.html) as the store runs it: `SearchStatements` in SQLite's
/// dialect, one read transaction per page.
extension SQLiteStore {
    private static let statements = SearchStatements(dialect: .sqlite)

    public func searchUsers(_ search: UserSearch, page: SearchPageRequest) async throws -> SearchPage<StoredUser> {
        try await read { db in
            let total = page.countTotal ? try Self.integer(Self.statements.count(search), db) : nil
            guard page.limit > 0, let select = try Self.statements.page(search, page) else {
                return SearchPage(hits: [], hasMore: false, total: total)
            }
            var rows = try SQLiteRows.all(db.makeStatement(sql: select.sql), Self.arguments(select.arguments))
            let hasMore = rows.count > page.limit
            rows = Array(rows.prefix(page.limit))
            if page.backward { rows.reverse() }
            let users = try Self.users(from: rows, db: db)
            let hits = zip(users, rows).map { user, row in
                SearchHit(item: user, position: SearchPosition(values: Array(row.dropFirst(SearchStatements.userColumnCount))))
            }
            return SearchPage(hits: hits, hasMore: hasMore, total: total)
        }
    }

    public func searchMeasurements(_ search: MeasurementSearch, page: SearchPageRequest) async throws
        -> SearchPage<MeasurementHit>
    {
        try await read { db in
            let total = page.countTotal ? try Self.statements.counts(search).reduce(0) { $0 + (try Self.integer($1, db)) } : nil
            let broadOwners = try Self.statements.ownerCounts(search).contains {
                try Self.integer($0, db) > SearchStatements.ownerIndexBound
            }
            guard page.limit > 0, let (select, termCount) = try Self.statements.page(search, page, broadOwners: broadOwners)
            else { return SearchPage(hits: [], hasMore: false, total: total) }
            let found = try SQLiteRows.all(db.makeStatement(sql: select.sql), Self.arguments(select.arguments))
            let hasMore = found.count > page.limit
            var keys = try found.prefix(page.limit).map { try MeasurementHitKey($0, termCount: termCount) }
            if page.backward { keys.reverse() }
            let rows = try Self.measurementRows(for: keys, db: db)
            let hits = keys.compactMap { key -> SearchHit<MeasurementHit>? in
                guard let row = rows[MeasurementRowKey(key)] else { return nil }  // deleted meanwhile: not a match
                return SearchHit(item: MeasurementHit(tag: key.tag, row: row), position: SearchPosition(values: key.terms))
            }
            return SearchPage(hits: hits, hasMore: hasMore, total: total)
        }
    }

    private static func integer(_ select: SQLFragment, _ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: select.sql, arguments: arguments(select.arguments)) ?? 0
    }

    /// The rows the keys name, read a table at a time.
    private static func measurementRows(for keys: [MeasurementHitKey], db: Database) throws
        -> [MeasurementRowKey: MeasurementHit.Row]
    {
        var rows: [MeasurementRowKey: MeasurementHit.Row] = [:]
        for (table, ids) in Dictionary(grouping: keys.map { ($0.table, $0.id) }, by: \.0) {
            let list = "[" + Set(ids.map(\.1)).map(String.init).joined(separator: ",") + "]"
            switch table {
            case .physicalActivity:
                for row in try fetch(ActivityRecord.self, list, db) { rows[MeasurementRowKey(table, row.id)] = .activity(row) }
            case .sleep:
                for row in try fetch(SleepRecord.self, list, db) { rows[MeasurementRowKey(table, row.id)] = .sleep(row) }
            case .bloodTests:
                for row in try fetch(BloodTestRecord.self, list, db) { rows[MeasurementRowKey(table, row.id)] = .bloodTest(row) }
            case .vitalSigns:
                for row in try fetch(VitalSignRecord.self, list, db) { rows[MeasurementRowKey(table, row.id)] = .vitalSign(row) }
            default: continue
            }
        }
        return rows
    }

    private static func fetch<Record: MeasurementRecord>(_ type: Record.Type, _ ids: String, _ db: Database) throws
        -> [StoredMeasurement<Record>]
    {
        let sql = try measurementSelect(Record.self) + " WHERE id IN (SELECT value FROM json_each(?))"
        return try SQLiteRows.all(db.cachedStatement(sql: sql), [ids]).map(measurement)
    }

    static func arguments(_ values: [ColumnValue]) -> StatementArguments {
        StatementArguments(databaseValues: values.map(\.databaseValue))
    }
}
