import GRDB
public import NativeModel
public import Store

/// Search (http://hl7.org/fhir/R4/search.html) as the store runs it: the planner's conditions as SQL
/// over the native tables and their indexes, keyset pages, one read transaction per page.
extension SQLiteStore {
    public func searchUsers(_ search: UserSearch, page: SearchPageRequest) async throws -> SearchPage<StoredUser> {
        try await read { db in
            let sql = SQLiteSearchSQL(table: .users)
            let filter = try sql.whereClause(search.conditions)
            var keys = try search.sort.map { (expression: try sql.expression($0.field), descending: $0.descending) }
            if !search.sort.contains(where: { $0.field == .id }) {
                keys.append(("id", search.sort.first?.descending ?? false))
            }
            let keyset = SQLiteKeyset(terms: keys.map { (.expression($0.expression), $0.descending) })
            let total = page.countTotal
                ? try Int.fetchOne(db, sql: "SELECT count(*) FROM users WHERE \(filter.sql)",
                                   arguments: Self.arguments(filter.arguments)) ?? 0
                : nil
            guard page.limit > 0 else { return SearchPage(hits: [], hasMore: false, total: total) }

            var conditions = filter
            if let position = page.position {
                guard let after = keyset.after(position, backward: page.backward) else {
                    return SearchPage(hits: [], hasMore: false, total: total)
                }
                conditions = SQLFragment("\(filter.sql) AND \(after.sql)", filter.arguments + after.arguments)
            }
            let contentColumns = 4 + UserRecord.contentColumns.count
            let query = "SELECT \(Self.userColumns), \(keys.map(\.expression).joined(separator: ", ")) "
                + "FROM users WHERE \(conditions.sql) "
                + "ORDER BY \(keyset.orderBy(firstColumn: contentColumns + 1, backward: page.backward)) LIMIT ?"
            var rows = try SQLiteRows.all(db.makeStatement(sql: query),
                                          Self.arguments(conditions.arguments + [.integer(Int64(page.limit + 1))]))
            let hasMore = rows.count > page.limit
            rows = Array(rows.prefix(page.limit))
            if page.backward { rows.reverse() }
            let users = try Self.users(from: rows, db: db)
            let hits = zip(users, rows).map { user, row in
                SearchHit(item: user, position: SearchPosition(values: Array(row.dropFirst(contentColumns))))
            }
            return SearchPage(hits: hits, hasMore: hasMore, total: total)
        }
    }

    public func searchMeasurements(_ search: MeasurementSearch, page: SearchPageRequest) async throws
        -> SearchPage<MeasurementHit>
    {
        try await read { db in
            var total: Int?
            if page.countTotal {
                var count = 0
                for arm in search.arms {
                    let filter = try SQLiteSearchSQL(table: arm.table).whereClause(arm.conditions)
                    count += try Int.fetchOne(db, sql: "SELECT count(*) FROM \(arm.table.rawValue) WHERE \(filter.sql)",
                                              arguments: Self.arguments(filter.arguments)) ?? 0
                }
                total = count
            }
            guard page.limit > 0 else { return SearchPage(hits: [], hasMore: false, total: total) }

            var selects: [String] = []
            var arguments: [ColumnValue] = []
            var termCount = 0
            var unionOrder = ""  // every arm has the same terms, so any arm's order by result column serves
            let broadOwners = try Self.broadOwners(search, db)
            for arm in search.arms {
                var sql = SQLiteSearchSQL(table: arm.table)
                sql.codeIndex = search.sort.first?.field == .startTime && !SQLiteSearchSQL.namesOwners(arm.conditions)
                sql.ownerIndex = !broadOwners
                let keyset = SQLiteKeyset(terms: try Self.terms(of: search.sort, arm: arm, sql: sql))
                termCount = keyset.terms.count
                unionOrder = keyset.orderBy(firstColumn: 1, backward: page.backward)
                var conditions = try sql.whereClause(arm.conditions)
                if let position = page.position {
                    guard let after = keyset.after(position, backward: page.backward) else { continue }
                    conditions = SQLFragment("\(conditions.sql) AND \(after.sql)", conditions.arguments + after.arguments)
                }
                let columns = keyset.terms.map { term -> String in
                    switch term.term {
                    case .expression(let expression): return expression
                    case .constant(let value): return Self.literal(value)
                    }
                }
                // Each arm reads its own first rows in order (through an index, or stopping early in id
                // order), so the union sorts at most a page per arm: SQLite does not see that the
                // arm's constant terms leave the order to its columns, and would sort every match.
                let order = keyset.terms.compactMap { term -> String? in
                    guard case .expression(let expression) = term.term else { return nil }
                    return expression + (term.descending != page.backward ? " DESC" : "")
                }
                selects.append("SELECT * FROM (SELECT \(columns.joined(separator: ", ")), \(Self.ordinal(arm.table)), id, "
                    + "\(arm.tag) FROM \(arm.table.rawValue) WHERE \(conditions.sql) "
                    + "ORDER BY \(order.joined(separator: ", ")) LIMIT \(page.limit + 1))")
                arguments += conditions.arguments
            }
            guard !selects.isEmpty else { return SearchPage(hits: [], hasMore: false, total: total) }
            let query = selects.joined(separator: " UNION ALL ") + " ORDER BY \(unionOrder) LIMIT ?"
            let found = try SQLiteRows.all(db.makeStatement(sql: query),
                                           Self.arguments(arguments + [.integer(Int64(page.limit + 1))]))
            let hasMore = found.count > page.limit
            var keys = try found.prefix(page.limit).map { try HitKey($0, termCount: termCount) }
            if page.backward { keys.reverse() }
            let rows = try Self.measurementRows(for: keys, db: db)
            let hits = keys.compactMap { key -> SearchHit<MeasurementHit>? in
                guard let row = rows[key.row] else { return nil }  // deleted meanwhile: not a match
                return SearchHit(item: MeasurementHit(tag: key.tag, row: row), position: SearchPosition(values: key.terms))
            }
            return SearchPage(hits: hits, hasMore: hasMore, total: total)
        }
    }

    private struct RowKey: Hashable {
        var table: Int
        var id: Int64
    }

    /// One row of the union of arms: the sort terms, then the table's ordinal, the row id and the arm.
    private struct HitKey {
        var terms: [ColumnValue]
        var row: RowKey
        var tag: Int

        init(_ values: [ColumnValue], termCount: Int) throws {
            terms = Array(values.prefix(termCount))
            var columns = ColumnReader(Array(values.dropFirst(termCount)), table: "search")
            row = RowKey(table: Int(try columns.integer()), id: try columns.integer())
            tag = Int(try columns.integer())
        }
    }

    /// The sort terms of one arm: the search's keys, then the table, the row and the arm, in the first
    /// key's direction. `_id` order is (table, row id).
    private static func terms(of sort: [SearchSortKey], arm: MeasurementArm, sql: SQLiteSearchSQL) throws
        -> [(term: SQLiteKeyset.Term, descending: Bool)]
    {
        var terms: [(term: SQLiteKeyset.Term, descending: Bool)] = []
        for key in sort {
            if key.field == .id {
                terms += [(.constant(.integer(ordinal(arm.table))), key.descending), (.expression("id"), key.descending)]
            } else {
                terms.append((.expression(try sql.expression(key.field)), key.descending))
            }
        }
        let descending = sort.first?.descending ?? false
        if !sort.contains(where: { $0.field == .id }) {
            terms += [(.constant(.integer(ordinal(arm.table))), descending), (.expression("id"), descending)]
        }
        terms.append((.constant(.integer(Int64(arm.tag))), descending))
        return terms
    }

    private static func ordinal(_ table: NativeTable) -> Int64 {
        Int64(NativeTable.measurementTables.firstIndex(of: table) ?? 0)
    }

    private static func literal(_ value: ColumnValue) -> String {
        switch value {
        case .integer(let integer): return String(integer)
        default: return "NULL"  // the store's constants are integers
        }
    }

    /// The rows the keys name, read a table at a time.
    private static func measurementRows(for keys: [HitKey], db: Database) throws -> [RowKey: MeasurementHit.Row] {
        var idsByTable: [Int: [Int64]] = [:]
        for key in keys { idsByTable[key.row.table, default: []].append(key.row.id) }
        var rows: [RowKey: MeasurementHit.Row] = [:]
        for (ordinal, ids) in idsByTable {
            guard NativeTable.measurementTables.indices.contains(ordinal) else { continue }
            let table = NativeTable.measurementTables[ordinal]
            let list = "[" + Set(ids).map(String.init).joined(separator: ",") + "]"
            switch table {
            case .physicalActivity:
                for row in try fetch(ActivityRecord.self, list, db) { rows[RowKey(table: ordinal, id: row.id)] = .activity(row) }
            case .sleep:
                for row in try fetch(SleepRecord.self, list, db) { rows[RowKey(table: ordinal, id: row.id)] = .sleep(row) }
            case .bloodTests:
                for row in try fetch(BloodTestRecord.self, list, db) { rows[RowKey(table: ordinal, id: row.id)] = .bloodTest(row) }
            case .vitalSigns:
                for row in try fetch(VitalSignRecord.self, list, db) { rows[RowKey(table: ordinal, id: row.id)] = .vitalSign(row) }
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

    /// The most users an owner condition (a chain, `patient.family=…`) may match for a search to read
    /// their rows through the owners' index; past it, reading the table in its order and stopping
    /// after a page is cheaper (a common family name: a few thousand patients, each probed, and all
    /// their rows sorted, against a page found in the first few thousand rows). Without statistics
    /// SQLite cannot tell the two apart, so the store counts, up to this bound, in one indexed read.
    static let ownerIndexBound = 200

    /// Whether an owner condition of `search` matches more users than `ownerIndexBound`.
    private static func broadOwners(_ search: MeasurementSearch, _ db: Database) throws -> Bool {
        var seen: Set<RowCondition> = []
        for arm in search.arms {
            for case .owner(let condition) in arm.conditions.flatMap(SQLiteSearchSQL.ownerConditions) where seen.insert(condition).inserted {
                let filter = try SQLiteSearchSQL(table: .users).condition(condition)
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM users WHERE \(filter.sql) LIMIT ?)",
                                             arguments: arguments(filter.arguments + [.integer(Int64(ownerIndexBound + 1))])) ?? 0
                if count > ownerIndexBound { return true }
            }
        }
        return false
    }
}
