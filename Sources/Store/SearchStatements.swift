public import NativeModel

/// The statements of a search page (http://hl7.org/fhir/R4/search.html), for either engine: the
/// planner's conditions as SQL over the native tables and their indexes, keyset pages. A store runs
/// them in one read transaction per page: the counts, then the page, then the rows the page names.
public struct SearchStatements: Sendable {
    public let dialect: SQLDialect

    public init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// The bookkeeping columns every row select starts with.
    public static let bookkeepingColumns = "id, version, created_at, updated_at"
    /// The bookkeeping and content columns of `users`, in the order stores read them.
    public static let userColumns = "\(bookkeepingColumns), \(UserRecord.contentColumns.joined(separator: ", "))"
    /// How many columns `userColumns` names: a user page's sort terms follow them.
    public static let userColumnCount = 4 + UserRecord.contentColumns.count

    // MARK: Users

    /// `SELECT count(*)` of the users `search` finds.
    public func count(_ search: UserSearch) throws -> SQLFragment {
        let filter = try SearchSQL(table: .users, dialect: dialect).whereClause(search.conditions)
        return SQLFragment("SELECT count(*) FROM users WHERE \(filter.sql)", filter.arguments)
    }

    /// The select of a page of users: `userColumns`, then the sort terms (the page's positions); nil
    /// when no row can follow the position.
    public func page(_ search: UserSearch, _ page: SearchPageRequest) throws -> SQLFragment? {
        let sql = SearchSQL(table: .users, dialect: dialect)
        let filter = try sql.whereClause(search.conditions)
        var keys = try search.sort.map { (expression: try sql.expression($0.field), descending: $0.descending) }
        if !search.sort.contains(where: { $0.field == .id }) {
            keys.append(("id", search.sort.first?.descending ?? false))
        }
        let keyset = KeysetSQL(terms: keys.map { (.expression($0.expression), $0.descending) }, dialect: dialect)
        var conditions = filter
        if let position = page.position {
            guard let after = keyset.after(position, backward: page.backward) else { return nil }
            conditions = SQLFragment("\(filter.sql) AND \(after.sql)", filter.arguments + after.arguments)
        }
        return SQLFragment(
            "SELECT \(Self.userColumns), \(keys.map(\.expression).joined(separator: ", ")) FROM users "
                + "WHERE \(conditions.sql) "
                + "ORDER BY \(keyset.orderBy(firstColumn: Self.userColumnCount + 1, backward: page.backward)) LIMIT ?",
            conditions.arguments + [.integer(Int64(page.limit + 1))])
    }

    // MARK: Measurements

    /// One `SELECT count(*)` per arm; the total is their sum.
    public func counts(_ search: MeasurementSearch) throws -> [SQLFragment] {
        try search.arms.map { arm in
            let filter = try SearchSQL(table: arm.table, dialect: dialect).whereClause(arm.conditions)
            return SQLFragment("SELECT count(*) FROM \(arm.table.rawValue) WHERE \(filter.sql)", filter.arguments)
        }
    }

    /// The most users an owner condition (a chain, `patient.family=…`) may match for a search to read
    /// their rows through the owners' index; past it, reading the table in its order and stopping
    /// after a page is cheaper (a common family name: a few thousand patients, each probed, and all
    /// their rows sorted, against a page found in the first few thousand rows). Without statistics
    /// SQLite cannot tell the two apart, so the store counts, up to this bound, in one indexed read.
    public static let ownerIndexBound = 200

    /// For each distinct owner condition of `search`, a count of its users up to `ownerIndexBound + 1`:
    /// when one exceeds the bound, the owners are broad (see `page(_:_:broadOwners:)`).
    public func ownerCounts(_ search: MeasurementSearch) throws -> [SQLFragment] {
        var seen: Set<RowCondition> = []
        var counts: [SQLFragment] = []
        for arm in search.arms {
            for case .owner(let condition) in arm.conditions.flatMap(SearchSQL.ownerConditions)
            where seen.insert(condition).inserted {
                let filter = try SearchSQL(table: .users, dialect: dialect).condition(condition)
                counts.append(SQLFragment(
                    "SELECT count(*) FROM (SELECT 1 FROM users WHERE \(filter.sql) LIMIT ?) AS owners",
                    filter.arguments + [.integer(Int64(Self.ownerIndexBound + 1))]))
            }
        }
        return counts
    }

    /// The select of a page of measurement rows: per row, the sort terms, then the table's ordinal, the
    /// row id and the arm's tag (`MeasurementHitKey`); nil when no arm can have rows after the position.
    /// `broadOwners`: an owner condition matches more users than `ownerIndexBound`.
    public func page(_ search: MeasurementSearch, _ page: SearchPageRequest, broadOwners: Bool) throws
        -> (select: SQLFragment, termCount: Int)?
    {
        var selects: [String] = []
        var arguments: [ColumnValue] = []
        var termCount = 0
        var unionOrder = ""  // every arm has the same terms, so any arm's order by result column serves
        for (index, arm) in search.arms.enumerated() {
            var sql = SearchSQL(table: arm.table, dialect: dialect)
            sql.codeIndex = search.sort.first?.field == .startTime && !SearchSQL.namesOwners(arm.conditions)
            sql.ownerIndex = !broadOwners
            let keyset = KeysetSQL(terms: try Self.terms(of: search.sort, arm: arm, sql: sql), dialect: dialect)
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
            // order), so the union sorts at most a page per arm: SQLite does not see that the arm's
            // constant terms leave the order to its columns, and would sort every match.
            let order = keyset.terms.compactMap { term -> String? in
                guard case .expression(let expression) = term.term else { return nil }
                return expression + (term.descending != page.backward ? " DESC" : "")
            }
            selects.append("SELECT * FROM (SELECT \(columns.joined(separator: ", ")), \(Self.ordinal(arm.table)), id, "
                + "\(arm.tag) FROM \(arm.table.rawValue) WHERE \(conditions.sql) "
                + "ORDER BY \(order.joined(separator: ", ")) LIMIT \(page.limit + 1)) AS arm\(index)")
            arguments += conditions.arguments
        }
        guard !selects.isEmpty else { return nil }
        let query = selects.joined(separator: " UNION ALL ") + " ORDER BY \(unionOrder) LIMIT ?"
        return (SQLFragment(query, arguments + [.integer(Int64(page.limit + 1))]), termCount)
    }

    /// The sort terms of one arm: the search's keys, then the table, the row and the arm, in the first
    /// key's direction. `_id` order is (table, row id).
    private static func terms(of sort: [SearchSortKey], arm: MeasurementArm, sql: SearchSQL) throws
        -> [(term: KeysetSQL.Term, descending: Bool)]
    {
        var terms: [(term: KeysetSQL.Term, descending: Bool)] = []
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

    /// A measurement table's number in a search's results (its place in `NativeTable.measurementTables`).
    public static func ordinal(_ table: NativeTable) -> Int64 {
        Int64(NativeTable.measurementTables.firstIndex(of: table) ?? 0)
    }

    private static func literal(_ value: ColumnValue) -> String {
        switch value {
        case .integer(let integer): return String(integer)
        default: return "NULL"  // the store's constants are integers
        }
    }
}

/// One row of a measurement search's union of arms: the sort terms, then the table's ordinal, the row
/// id and the arm.
public struct MeasurementHitKey: Sendable {
    public var terms: [ColumnValue]
    public var table: NativeTable
    public var id: Int64
    public var tag: Int

    public init(_ values: [ColumnValue], termCount: Int) throws {
        terms = Array(values.prefix(termCount))
        var columns = ColumnReader(Array(values.dropFirst(termCount)), table: "search")
        let ordinal = Int(try columns.integer())
        guard NativeTable.measurementTables.indices.contains(ordinal) else {
            throw StoreError.fault("a search row names table \(ordinal)")
        }
        table = NativeTable.measurementTables[ordinal]
        id = try columns.integer()
        tag = Int(try columns.integer())
    }
}

/// A measurement row by table and id: how a store finds the rows of a page's keys.
public struct MeasurementRowKey: Hashable, Sendable {
    public var table: NativeTable
    public var id: Int64

    public init(_ table: NativeTable, _ id: Int64) {
        self.table = table
        self.id = id
    }

    public init(_ key: MeasurementHitKey) {
        self.init(key.table, key.id)
    }
}
