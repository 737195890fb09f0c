public import NativeModel

/// Store search conditions and sort keys as SQL over one table, in the SQL that SQLite and PostgreSQL
/// share (the engines' differences are the `dialect`'s). Every value travels as an argument (`?`);
/// only column names the table has, and integer literals the store itself chose, are written into
/// the SQL.
public struct SearchSQL: Sendable {
    public let table: NativeTable
    public let dialect: SQLDialect
    /// Whether SQLite may read rows through the code-and-time indexes (`blood_tests_analyte_time`,
    /// `vital_signs_kind_time`). Only a search by date across patients gains from them; for one
    /// patient the owner's index is far narrower, and in id order a scan stops after a page of matches,
    /// while the code index would have SQLite sort every row of the code. Without statistics SQLite
    /// cannot tell these apart, so the store says which: a code comparison written
    /// `dialect.unindexed` (`+analyte = ?`) cannot use an index.
    public var codeIndex = false
    /// Whether SQLite may read rows through the owners' index for an owner condition (a chain): only
    /// when it names few users (`SearchStatements.ownerIndexBound`); else an unindexed
    /// `user_id IN (…)` keeps it to the table's own order.
    public var ownerIndex = true

    public init(table: NativeTable, dialect: SQLDialect) {
        self.table = table
        self.dialect = dialect
    }

    static let codeColumns: Set<String> = ["analyte", "kind"]

    /// Whether `conditions` hold one patient's rows (or a few patients'): then the owner's index leads.
    public static func namesOwners(_ conditions: [RowCondition]) -> Bool {
        conditions.contains { condition in
            switch condition {
            case .compare(.userID, .equal, _), .oneOf(.userID, _): return true
            case .owner(let condition): return ownerIsFew(condition)
            case .any(let alternatives): return !alternatives.isEmpty && alternatives.allSatisfy { namesOwners([$0]) }
            case .all(let conditions): return namesOwners(conditions)
            default: return false
            }
        }
    }

    /// Whether a condition on users names one user or a few (an id, an identifier): then a search of
    /// their rows is led by the owner's index.
    private static func ownerIsFew(_ condition: RowCondition) -> Bool {
        switch condition {
        case .compare(.id, .equal, _), .oneOf(.id, _), .identifier: return true
        case .any(let alternatives): return !alternatives.isEmpty && alternatives.allSatisfy(ownerIsFew)
        case .all(let conditions): return conditions.contains(where: ownerIsFew)
        default: return false
        }
    }

    /// The owner conditions (`.owner`) within `condition`, at any depth.
    public static func ownerConditions(_ condition: RowCondition) -> [RowCondition] {
        switch condition {
        case .owner: return [condition]
        case .any(let conditions), .all(let conditions): return conditions.flatMap(ownerConditions)
        case .not(let inner): return ownerConditions(inner)
        default: return []
        }
    }

    /// The SQL of all `conditions` ("1" when there are none).
    public func whereClause(_ conditions: [RowCondition]) throws -> SQLFragment {
        try condition(.all(conditions))
    }

    public func condition(_ condition: RowCondition) throws -> SQLFragment {
        switch condition {
        case .compare(.content(let name), .equal, let value) where !codeIndex && Self.codeColumns.contains(name):
            return SQLFragment("\(dialect.unindexed(try expression(.content(name)))) = ?", [value])
        case .compare(let column, let comparison, let value):
            return SQLFragment("\(try expression(column)) \(comparison.rawValue) ?", [value])
        case .isNull(let column):
            return SQLFragment("\(try expression(column)) IS NULL")
        case .oneOf(let column, let values):
            guard !values.isEmpty else { return SQLFragment(dialect.false) }
            return SQLFragment("\(try expression(column)) IN (\(Array(repeating: "?", count: values.count).joined(separator: ", ")))",
                               values)
        case .equalIgnoringCase(let column, let text):
            return SQLFragment("lower(\(try expression(column))) = lower(?)", [.text(text)])
        case .nameStarts(let prefix, let part):
            try requireUsers(condition)
            var sql = "id IN (SELECT user_id FROM user_name_keys WHERE key >= ?"
            var arguments: [ColumnValue] = [.text(prefix)]
            if let upper = NameFolding.prefixUpperBound(prefix) {
                sql += " AND key < ?"
                arguments.append(.text(upper))
            }
            return Self.part(part, sql: sql, arguments: arguments)
        case .nameContains(let text, let part):
            try requireUsers(condition)
            return Self.part(part, sql: "id IN (SELECT user_id FROM user_name_keys WHERE \(dialect.position)(key, ?) > 0",
                             arguments: [.text(text)])
        case .nameIs(let text, let part):
            try requireUsers(condition)
            switch part {
            case .family: return SQLFragment("family_name = ?", [.text(text)])
            case .given: return SQLFragment("given_name = ?", [.text(text)])
            case nil: return SQLFragment("(family_name = ? OR given_name = ?)", [.text(text), .text(text)])
            }
        case .identifier(let system, let value):
            try requireUsers(condition)
            return Self.identifier("id", system: system, value: value)
        case .owner(let condition):
            guard table != .users else { throw StoreError.fault("an owner condition is a condition on measurement rows") }
            if case .identifier(let system, let value) = condition {  // straight to the identifiers' index
                return Self.identifier("user_id", system: system, value: value)
            }
            let users = try SearchSQL(table: .users, dialect: dialect).condition(condition)
            let owner = ownerIndex ? "user_id" : dialect.unindexed("user_id")
            return SQLFragment("\(owner) IN (SELECT id FROM users WHERE \(users.sql))", users.arguments)
        case .hasMeasurement(let arms):
            try requireUsers(condition)
            guard !arms.isEmpty else { return SQLFragment(dialect.false) }
            // One EXISTS per arm, each read through its table's owner index (user_id, time).
            let parts = try arms.map { arm -> SQLFragment in
                let rows = try SearchSQL(table: arm.table, dialect: dialect).whereClause(arm.conditions)
                return SQLFragment("EXISTS (SELECT 1 FROM \(arm.table.rawValue) WHERE user_id = users.id AND \(rows.sql))",
                                   rows.arguments)
            }
            return SQLFragment("(" + parts.map(\.sql).joined(separator: " OR ") + ")", parts.flatMap(\.arguments))
        case .any(let conditions):
            guard !conditions.isEmpty else { return SQLFragment(dialect.false) }
            return try join(conditions, with: " OR ")
        case .all(let conditions):
            guard !conditions.isEmpty else { return SQLFragment(dialect.true) }
            return try join(conditions, with: " AND ")
        case .not(let condition):
            let inner = try self.condition(condition)
            return SQLFragment("NOT (\(inner.sql))", inner.arguments)
        }
    }

    private func join(_ conditions: [RowCondition], with separator: String) throws -> SQLFragment {
        let parts = try conditions.map(condition)
        return SQLFragment("(" + parts.map(\.sql).joined(separator: separator) + ")", parts.flatMap(\.arguments))
    }

    private static func part(_ part: NamePart?, sql: String, arguments: [ColumnValue]) -> SQLFragment {
        guard let part else { return SQLFragment(sql + ")", arguments) }
        return SQLFragment(sql + " AND part = ?)", arguments + [.text(part.rawValue)])
    }

    private static func identifier(_ column: String, system: String?, value: String) -> SQLFragment {
        guard let system else {
            return SQLFragment("\(column) IN (SELECT user_id FROM user_identifiers WHERE value = ?)", [.text(value)])
        }
        return SQLFragment("\(column) IN (SELECT user_id FROM user_identifiers WHERE system = ? AND value = ?)",
                           [.text(system), .text(value)])
    }

    private func requireUsers(_ condition: RowCondition) throws {
        guard table == .users else { throw StoreError.fault("\(condition) is a condition on users, not \(table)") }
    }

    /// The SQL expression of a column of this table.
    public func expression(_ column: RowColumn) throws -> String {
        let isUsers = table == .users
        let instant = table == .bloodTests || table == .vitalSigns
        switch column {
        case .id: return "id"
        case .updatedAt: return "updated_at"
        case .userID where !isUsers: return "user_id"
        case .startTime where !isUsers: return instant ? "measured_at" : "start_time"
        case .endTime where !isUsers: return instant ? "measured_at" : "end_time"
        case .durationMilliseconds where table == .sleep: return "COALESCE(asleep_minutes * 60000, end_time - start_time)"
        case .durationMilliseconds where !isUsers && !instant: return "(end_time - start_time)"
        case .birthDateFirstDay where isUsers:
            return "CASE length(birth_date) WHEN 4 THEN birth_date || '-01-01' WHEN 7 THEN birth_date || '-01' "
                + "ELSE birth_date END"
        case .birthDateLastDay where isUsers:
            return "CASE length(birth_date) WHEN 4 THEN birth_date || '-12-31' WHEN 7 THEN birth_date || '-31' "
                + "ELSE birth_date END"
        case .content(let name) where table.recordType?.contentColumns.contains(name) == true:
            return name
        default:
            throw StoreError.fault("\(table) has no column \(column)")
        }
    }

    /// A sort key's expression, never NULL: rows without a birth date or a name sort first.
    public func expression(_ field: SearchSortKey.Field) throws -> String {
        switch (field, table == .users) {
        case (.id, _): return "id"
        case (.updatedAt, _): return "updated_at"
        case (.startTime, false): return try expression(RowColumn.startTime)
        case (.birthDate, true): return "COALESCE(\(try expression(.birthDateFirstDay)), '')"
        case (.familyName, true): return "family_key"  // never NULL (migration 0006)
        case (.givenName, true): return "given_key"
        default: throw StoreError.fault("\(table) cannot be sorted by \(field)")
        }
    }
}
