import GRDB
import NativeModel
public import Store

extension SQLiteStore {
    /// One patient's series are a short read; a slice of the population's is not.
    public func series(_ queries: [SeriesQuery]) async throws -> [[SeriesPoint]] {
        let body = { @Sendable (db: Database) in try queries.map { try Self.series($0, db: db) } }
        return queries.contains(where: \.users.isSlice) ? try await read(body) : try await shortRead(body)
    }

    /// The SQL of a series query and its arguments.
    static func seriesSQL(_ query: SeriesQuery) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        let plan = SeriesPlan(query.series)
        var conditions = [plan.filter]
        var arguments: [any DatabaseValueConvertible] = plan.arguments
        switch query.users {
        case .one(let id):
            conditions.append("user_id = ?")
            arguments.append(id)
        case .ids(let ids):
            conditions.append("user_id BETWEEN ? AND ?")
            arguments += [ids.lowerBound, ids.upperBound]
        }
        // Series are read through the owner's index, (user_id, start or measurement time); a sleep's end
        // is at most a day after its start, so its range narrows the start first. The code comparison
        // (`+analyte`) and, for a slice of users, the time comparisons (`+start_time`) are written so
        // that no other index can serve them: without statistics SQLite would take the code-and-time or
        // start-time index the search added and read every patient's rows of the period for each slice.
        let time = { (column: String) in query.users.isSlice ? "+" + column : column }  // `+(end_time - 1)` too
        if let from = query.range.from?.millisecondsSince1970 {
            conditions.append("\(time(plan.time)) >= ?")
            arguments.append(from)
            if plan.time != plan.indexedTime {
                conditions.append("\(time(plan.indexedTime)) >= ?")
                arguments.append(from - 86_400_000)
            }
        }
        if let to = query.range.to?.millisecondsSince1970 {
            conditions.append("\(time(plan.time)) < ?")
            arguments.append(to)
            if plan.time != plan.indexedTime {
                conditions.append("\(time(plan.indexedTime)) < ?")
                arguments.append(to)
            }
        }
        let direction = query.newestFirst ? "DESC" : "ASC"
        var sql = "SELECT user_id, id, \(plan.time), utc_offset_minutes, source, \(plan.value) "
            + "FROM \(query.series.table.rawValue) WHERE \(conditions.joined(separator: " AND ")) "
            + "ORDER BY \(plan.time) \(direction), id \(direction)"
        if let limit = query.limit {
            sql += " LIMIT ?"
            arguments.append(max(limit, 0))
        }
        return (sql, arguments)
    }

    private static func series(_ query: SeriesQuery, db: Database) throws -> [SeriesPoint] {
        let (sql, arguments) = seriesSQL(query)
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        var points: [SeriesPoint] = []
        while let row = try cursor.next() {
            points.append(SeriesPoint(userID: row[0], rowID: row[1], time: Instant(millisecondsSince1970: row[2]),
                                      utcOffsetMinutes: row[3], source: row[4], value: row[5]))
        }
        return points
    }

    public func userIDRange() async throws -> ClosedRange<Int64>? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM users"),
                  let low: Int64 = row[0], let high: Int64 = row[1] else { return nil }
            return low...high
        }
    }
}

/// Where a series lives in SQL: its value expression, the rows that hold it, and its time column.
private struct SeriesPlan {
    var value: String
    var filter: String
    var arguments: [any DatabaseValueConvertible] = []
    var time: String
    var indexedTime: String

    init(_ series: MeasurementSeries) {
        switch series {
        case .steps: self.init(column: "steps", time: "start_time")
        case .distance: self.init(column: "distance_m", time: "start_time")
        case .activeEnergy: self.init(column: "energy_kcal", time: "start_time")
        case .activeMinutes: self.init(column: "active_minutes", time: "start_time")
        case .sleepMinutes:
            // A sleep is a point at the last instant of its window: the morning a night belongs to, and
            // the day itself for a daily total whose window ends at the next midnight.
            self.init(value: "COALESCE(asleep_minutes, (end_time - start_time) / 60000.0)", filter: "1",
                      time: "(end_time - 1)", indexedTime: "start_time")
        case .bloodTest(let analyte):
            self.init(value: "value", filter: "+analyte = ?", time: "measured_at", indexedTime: "measured_at")
            arguments = [analyte.rawValue]
        case .vitalSign(let kind):
            self.init(value: "value", filter: "+kind = ? AND value IS NOT NULL", time: "measured_at",
                      indexedTime: "measured_at")
            arguments = [kind.rawValue]
        case .systolic: self.init(column: "systolic", time: "measured_at")
        case .diastolic: self.init(column: "diastolic", time: "measured_at")
        }
    }

    private init(column: String, time: String) {
        self.init(value: column, filter: "\(column) IS NOT NULL", time: time, indexedTime: time)
    }

    private init(value: String, filter: String, time: String, indexedTime: String) {
        self.value = value
        self.filter = filter
        self.time = time
        self.indexedTime = indexedTime
    }
}

extension SeriesUsers {
    /// Whether the query reads a range of users rather than one.
    var isSlice: Bool {
        if case .ids = self { return true }
        return false
    }
}
