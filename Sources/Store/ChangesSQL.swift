import NativeModel

/// The SQL of a change feed (`HealthStore.changes(_:)`), for either engine. Its rows are: table name,
/// row id, owner, version, deleted (0 or 1), created and updated times, the kept content (NULL for a
/// current row, which the store reads whole), and whether the row is current (0 or 1).
public struct ChangesSQL: Sendable {
    public let dialect: SQLDialect

    public init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// One query over the current rows of every table asked for and their kept versions in row_history,
    /// each branch walked newest first through an index (0004) and stopped after a page; the outer query
    /// merges at most a page per branch. (Sorting the whole union took 2.9 s on 7.8 million rows; a
    /// window function for `at`, 22 s.)
    ///
    /// With `at`, the versions current at that instant: a current row written at or before it, or a kept
    /// version written at or before it whose successor (kept, a deletion, or the current row) came after.
    public func select(_ query: ChangeQuery) -> SQLFragment {
        SQLFragment(sql(query), arguments(query))
    }

    private func sql(_ query: ChangeQuery) -> String {
        var branches: [String] = []
        for (index, table) in query.tables.enumerated() {
            let name = table.rawValue
            let owner = table == .users ? "id" : "user_id"
            let window = query.at == nil ? "updated_at > ?" : "updated_at <= ?"
            // The keyset by the columns themselves: PostgreSQL's WHERE cannot name the select's aliases.
            let keyset = query.after == nil ? "" : " AND (updated_at, '\(name)', id, version) < (?, ?, ?, ?)"
            let keptKeyset = query.after == nil ? "" : " AND (updated_at, table_name, row_id, version) < (?, ?, ?, ?)"
            // The owners are integers the store itself produced, written into the SQL as numbers.
            let owners = query.owners[table].map { ids in " AND \(owner) IN (\(ids.map(String.init).joined(separator: ",")))" } ?? ""
            branches.append("SELECT * FROM (SELECT '\(name)' AS tbl, id AS row_id, \(owner) AS user_id, version, "
                + "0 AS deleted, created_at, updated_at, NULL AS content, 1 AS is_current FROM \(name) "
                + "WHERE \(window)\(owners)\(keyset) ORDER BY updated_at DESC, row_id DESC LIMIT ?) AS current\(index)")
            let keptOwners = query.owners[table].map { ids in " AND user_id IN (\(ids.map(String.init).joined(separator: ",")))" } ?? ""
            let currentThen = query.at == nil ? "" : " AND deleted = 0 AND COALESCE("
                + "(SELECT n.updated_at FROM row_history n WHERE n.table_name = '\(name)' AND n.row_id = h.row_id "
                + "AND n.version = h.version + 1), "
                + "(SELECT c.updated_at FROM \(name) c WHERE c.id = h.row_id AND c.version = h.version + 1)) > ?"
            branches.append("SELECT * FROM (SELECT table_name AS tbl, row_id, user_id, version, deleted, created_at, "
                + "updated_at, content, 0 AS is_current FROM row_history h WHERE table_name = '\(name)' AND \(window)"
                + "\(keptOwners)\(currentThen)\(keptKeyset) ORDER BY updated_at DESC, row_id DESC, version DESC LIMIT ?) AS kept\(index)")
        }
        return branches.joined(separator: " UNION ALL ") + " ORDER BY updated_at DESC, tbl DESC, row_id DESC, version DESC LIMIT ?"
    }

    private func arguments(_ query: ChangeQuery) -> [ColumnValue] {
        let bound = (query.at ?? query.since)?.millisecondsSince1970 ?? Int64.min
        let keyset: [ColumnValue] = query.after.map { key in
            [.integer(key.recordedAt.millisecondsSince1970), .text(key.table.rawValue), .integer(key.id),
             .integer(Int64(key.version))]
        } ?? []
        let limit = ColumnValue.integer(Int64(query.limit + 1))
        let at: [ColumnValue] = query.at.map { [.integer($0.millisecondsSince1970)] } ?? []
        var values: [ColumnValue] = []
        for _ in query.tables {
            values += [.integer(bound)] + keyset + [limit]  // the current rows
            values += [.integer(bound)] + at + keyset + [limit]  // kept
        }
        values.append(limit)
        return values
    }
}
