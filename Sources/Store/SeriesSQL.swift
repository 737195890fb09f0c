import NativeModel

/// The SQL of a series query (`HealthStore.series(_:)`), for either engine: the points of one value
/// column for one user or a slice of users, by time.
public struct SeriesSQL: Sendable {
    public let dialect: SQLDialect

    public init(dialect: SQLDialect) {
        self.dialect = dialect
    }

    /// The SQL of a series query and its arguments.
    public func select(_ query: SeriesQuery) -> SQLFragment {
        let plan = SeriesPlan(query.series, dialect: dialect)
        var conditions = [plan.filter]
        var arguments: [ColumnValue] = plan.arguments
        switch query.users {
        case .one(let id):
            conditions.append("user_id = ?")
            arguments.append(.integer(id))
        case .ids(let ids):
            conditions.append("user_id BETWEEN ? AND ?")
            arguments += [.integer(ids.lowerBound), .integer(ids.upperBound)]
        }
        // Series are read through the owner's index, (user_id, start or measurement time); a sleep's end
        // is at most a day after its start, so its range narrows the start first. The code comparison
        // (`analyte`) and, for a slice of users, the time comparisons (`start_time`) are written
        // `dialect.unindexed` so that no other index can serve them: without statistics SQLite would
        // take the code-and-time or start-time index the search added and read every patient's rows of
        // the period for each slice.
        let time = { (column: String) in query.users.isSlice ? dialect.unindexed(column) : column }
        if let from = query.range.from?.millisecondsSince1970 {
            conditions.append("\(time(plan.time)) >= ?")
            arguments.append(.integer(from))
            if plan.time != plan.indexedTime {
                conditions.append("\(time(plan.indexedTime)) >= ?")
                arguments.append(.integer(from - 86_400_000))
            }
        }
        if let to = query.range.to?.millisecondsSince1970 {
            conditions.append("\(time(plan.time)) < ?")
            arguments.append(.integer(to))
            if plan.time != plan.indexedTime {
                conditions.append("\(time(plan.indexedTime)) < ?")
                arguments.append(.integer(to))
            }
        }
        let direction = query.newestFirst ? "DESC" : "ASC"
        var sql = "SELECT user_id, id, \(plan.time), utc_offset_minutes, source, \(plan.value) "
            + "FROM \(query.series.table.rawValue) WHERE \(conditions.joined(separator: " AND ")) "
            + "ORDER BY \(plan.time) \(direction), id \(direction)"
        if let limit = query.limit {
            sql += " LIMIT ?"
            arguments.append(.integer(Int64(max(limit, 0))))
        }
        return SQLFragment(sql, arguments)
    }
}

/// Where a series lives in SQL: its value expression, the rows that hold it, and its time column.
private struct SeriesPlan {
    var value: String
    var filter: String
    var arguments: [ColumnValue] = []
    var time: String
    var indexedTime: String

    init(_ series: MeasurementSeries, dialect: SQLDialect) {
        switch series {
        case .steps: self.init(column: "steps", time: "start_time")
        case .distance: self.init(column: "distance_m", time: "start_time")
        case .activeEnergy: self.init(column: "energy_kcal", time: "start_time")
        case .activeMinutes: self.init(column: "active_minutes", time: "start_time")
        case .sleepMinutes:
            // A sleep is a point at the last instant of its window: the morning a night belongs to, and
            // the day itself for a daily total whose window ends at the next midnight.
            self.init(value: "COALESCE(asleep_minutes, (end_time - start_time) / 60000.0)", filter: dialect.true,
                      time: "(end_time - 1)", indexedTime: "start_time")
        case .bloodTest(let analyte):
            self.init(value: "value", filter: "\(dialect.unindexed("analyte")) = ?", time: "measured_at",
                      indexedTime: "measured_at")
            arguments = [.text(analyte.rawValue)]
        case .vitalSign(let kind):
            self.init(value: "value", filter: "\(dialect.unindexed("kind")) = ? AND value IS NOT NULL", time: "measured_at",
                      indexedTime: "measured_at")
            arguments = [.text(kind.rawValue)]
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
    public var isSlice: Bool {
        if case .ids = self { return true }
        return false
    }
}
