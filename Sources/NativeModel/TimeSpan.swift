/// The period a measurement covers: a day's activity or a night's sleep. Both ends are written in
/// the UTC offset of the start (one offset per row), so `end` is kept as an instant.
public struct TimeSpan: Sendable, Hashable {
    public var start: OffsetDateTime
    public var end: Instant

    public init(start: OffsetDateTime, end: Instant) {
        self.start = start
        self.end = end
    }

    public var durationMilliseconds: Int64 { start.instant.milliseconds(to: end) }

    /// `end` in the offset of `start`, as the JSON form writes it.
    public var endDescription: String { OffsetDateTime(end, utcOffsetMinutes: start.utcOffsetMinutes).description }

    /// Issues for an end before the start (or equal, unless `allowsEmpty`), a span longer than
    /// `maximumMilliseconds`, and a start in the future.
    func ruleViolations(allowsEmpty: Bool, maximumMilliseconds: Int64, now: Instant) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let duration = durationMilliseconds
        if duration < 0 || (duration == 0 && !allowsEmpty) {
            issues.append(ValidationIssue(.inconsistent, field: "end",
                                          "\(endDescription) is not after start \(start)"))
        } else if duration > maximumMilliseconds {
            issues.append(ValidationIssue(.outOfRange, field: "end",
                                          "the span from start to end exceeds \(maximumMilliseconds / 3_600_000) hours"))
        }
        if let issue = MeasurementRules.notInFuture(start.instant, field: "start", now: now) { issues.append(issue) }
        return issues
    }

    /// Columns: `start_time`, `end_time`, `utc_offset_minutes`.
    static let columns = ["start_time", "end_time", "utc_offset_minutes"]

    var columnValues: [ColumnValue] {
        [.integer(start.instant.millisecondsSince1970), .integer(end.millisecondsSince1970),
         .integer(Int64(start.utcOffsetMinutes))]
    }

    init(columns: inout ColumnReader) throws(RowDecodingError) {
        let start = try columns.integer()
        let end = try columns.integer()
        let offset = try columns.integer()
        self.init(start: OffsetDateTime(Instant(millisecondsSince1970: start), utcOffsetMinutes: Int(offset)),
                  end: Instant(millisecondsSince1970: end))
    }
}

extension KeyedDecodingContainer {
    func decodeTimeSpan(start startKey: Key, end endKey: Key) throws -> TimeSpan {
        let start = try requiredDateTime(forKey: startKey)
        let end = try requiredDateTime(forKey: endKey)
        return TimeSpan(start: start, end: end.instant)
    }
}
