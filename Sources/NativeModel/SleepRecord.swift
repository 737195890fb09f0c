/// One sleep session, optionally with the minutes spent in each stage: a row of `sleep`.
///
/// The span is the window the sleep was measured in: bedtime to wake-up, or a whole day or night as
/// wearables report daily totals. `asleepMinutes` is the time asleep within it, when that is less than
/// the window (a night of 8 h in bed and 7 h 10 min asleep); nil when the sleep fills its window, as a
/// session does. What the score and the FHIR value use is `asleepMinutes ?? durationMinutes`.
public struct SleepRecord: MeasurementRecord {
    public var span: TimeSpan
    public var deepMinutes: Int?
    public var lightMinutes: Int?
    public var remMinutes: Int?
    public var awakeMinutes: Int?
    /// The time asleep within the window, when it is less than the window.
    public var asleepMinutes: Double?
    public var source: String
    public var externalID: String?

    public init(
        span: TimeSpan, deepMinutes: Int? = nil, lightMinutes: Int? = nil, remMinutes: Int? = nil,
        awakeMinutes: Int? = nil, asleepMinutes: Double? = nil, source: String = "app", externalID: String? = nil
    ) {
        self.span = span
        self.deepMinutes = deepMinutes
        self.lightMinutes = lightMinutes
        self.remMinutes = remMinutes
        self.awakeMinutes = awakeMinutes
        self.asleepMinutes = asleepMinutes
        self.source = source
        self.externalID = externalID
    }

    public static let table = NativeTable.sleep
    public static let timeColumn = "start_time"
    public static let contentColumns =
        TimeSpan.columns + ["deep_minutes", "light_minutes", "rem_minutes", "awake_minutes", "asleep_minutes"]
        + MeasurementRules.provenanceColumns
    public static let derivedKeys: Set<String> = ["duration_minutes"]

    public var time: Instant { span.start.instant }
    /// Minutes from start to end: the window.
    public var durationMinutes: Double { Double(span.durationMilliseconds) / 60_000 }
    /// The time asleep: `asleepMinutes` when given, else the whole window.
    public var sleptMinutes: Double { asleepMinutes ?? durationMinutes }

    static let maximumSpan: Int64 = 24 * 3_600_000
    /// The time asleep one session can hold, in hours (LOINC 93832-4's unit): at most its longest span.
    public static let durationHoursRange = PlausibleRange(0...24, unit: "h")
    public static let stageRange = PlausibleRange(0...1_440, unit: "min")

    public func ruleViolations(now: Instant) -> [ValidationIssue] {
        var issues = span.ruleViolations(allowsEmpty: false, maximumMilliseconds: Self.maximumSpan, now: now)
        let stages: [(Int?, String)] = [
            (deepMinutes, "deep_minutes"), (lightMinutes, "light_minutes"), (remMinutes, "rem_minutes"),
            (awakeMinutes, "awake_minutes"),
        ]
        for (value, field) in stages {
            if let value, let issue = Self.stageRange.check(Double(value), field: field, what: "stage time") {
                issues.append(issue)
            }
        }
        if let asleepMinutes {
            if !(asleepMinutes > 0) {
                issues.append(ValidationIssue(.outOfRange, field: "asleep_minutes", "must be more than 0"))
            } else if issues.isEmpty, asleepMinutes > durationMinutes + 1 {
                issues.append(ValidationIssue(.inconsistent, field: "asleep_minutes", "\(asleepMinutes.compactDescription) "
                    + "minutes asleep is longer than the \(durationMinutes.compactDescription) minutes from start to end"))
            }
        }
        let staged = stages.compactMap(\.0).reduce(0, +)
        if issues.isEmpty, Double(staged) > durationMinutes.rounded(.up) {
            issues.append(ValidationIssue(.inconsistent, field: "deep_minutes",
                                          "the stages add up to \(staged) minutes, more than the \(Int(durationMinutes)) minutes slept"))
        }
        return issues + MeasurementRules.provenance(source: source, externalID: externalID)
    }

    public var columnValues: [ColumnValue] {
        span.columnValues + [.init(deepMinutes), .init(lightMinutes), .init(remMinutes), .init(awakeMinutes),
                             .init(asleepMinutes), .init(source), .init(externalID)]
    }

    public init(columns: inout ColumnReader) throws(RowDecodingError) {
        span = try TimeSpan(columns: &columns)
        deepMinutes = try columns.optionalInteger().map { Int($0) }
        lightMinutes = try columns.optionalInteger().map { Int($0) }
        remMinutes = try columns.optionalInteger().map { Int($0) }
        awakeMinutes = try columns.optionalInteger().map { Int($0) }
        asleepMinutes = try columns.optionalDouble()
        source = try columns.text()
        externalID = try columns.optionalText()
    }
}

extension SleepRecord {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case start, end, durationMinutes = "duration_minutes", deepMinutes = "deep_minutes",
             lightMinutes = "light_minutes", remMinutes = "rem_minutes", awakeMinutes = "awake_minutes",
             asleepMinutes = "asleep_minutes", source,
             externalID = "external_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, readOnly: Self.rowKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        span = try container.decodeTimeSpan(start: .start, end: .end)
        deepMinutes = try container.decodeWholeNumberIfPresent(forKey: .deepMinutes)
        lightMinutes = try container.decodeWholeNumberIfPresent(forKey: .lightMinutes)
        remMinutes = try container.decodeWholeNumberIfPresent(forKey: .remMinutes)
        awakeMinutes = try container.decodeWholeNumberIfPresent(forKey: .awakeMinutes)
        asleepMinutes = try container.decodeIfPresent(Double.self, forKey: .asleepMinutes)
        source = try container.decodeSource(forKey: .source)
        externalID = try container.decodeIfPresent(String.self, forKey: .externalID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(span.start.description, forKey: .start)
        try container.encode(span.endDescription, forKey: .end)
        try container.encode(durationMinutes, forKey: .durationMinutes)
        try container.encodeIfPresent(deepMinutes, forKey: .deepMinutes)
        try container.encodeIfPresent(lightMinutes, forKey: .lightMinutes)
        try container.encodeIfPresent(remMinutes, forKey: .remMinutes)
        try container.encodeIfPresent(awakeMinutes, forKey: .awakeMinutes)
        try container.encodeIfPresent(asleepMinutes, forKey: .asleepMinutes)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(externalID, forKey: .externalID)
    }
}
