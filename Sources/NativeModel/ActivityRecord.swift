/// Physical activity over a period, a day's summary or one session: a row of `physical_activity`.
/// Each present value maps to its own LOINC-coded Observation.
public struct ActivityRecord: MeasurementRecord {
    public var span: TimeSpan
    public var steps: Int?
    public var distanceMeters: Double?
    public var activeMinutes: Double?
    public var energyKilocalories: Double?
    public var source: String
    public var externalID: String?

    public init(
        span: TimeSpan, steps: Int? = nil, distanceMeters: Double? = nil, activeMinutes: Double? = nil,
        energyKilocalories: Double? = nil, source: String = "app", externalID: String? = nil
    ) {
        self.span = span
        self.steps = steps
        self.distanceMeters = distanceMeters
        self.activeMinutes = activeMinutes
        self.energyKilocalories = energyKilocalories
        self.source = source
        self.externalID = externalID
    }

    public static let table = NativeTable.physicalActivity
    public static let timeColumn = "start_time"
    public static let contentColumns =
        TimeSpan.columns + ["steps", "distance_m", "active_minutes", "energy_kcal"] + MeasurementRules.provenanceColumns
    public static let derivedKeys: Set<String> = []

    public var time: Instant { span.start.instant }

    /// A day can be 25 hours long where clocks go back.
    static let maximumSpan: Int64 = 25 * 3_600_000
    public static let stepsRange = PlausibleRange(0...100_000, unit: "{steps}")
    public static let distanceRange = PlausibleRange(0...300_000, unit: "m")
    public static let activeMinutesRange = PlausibleRange(0...1_500, unit: "min")
    public static let energyRange = PlausibleRange(0...20_000, unit: "kcal")

    public func ruleViolations(now: Instant) -> [ValidationIssue] {
        var issues = span.ruleViolations(allowsEmpty: true, maximumMilliseconds: Self.maximumSpan, now: now)
        if steps == nil, distanceMeters == nil, activeMinutes == nil, energyKilocalories == nil {
            issues.append(ValidationIssue(.missingField, field: "steps",
                                          "an activity needs at least one of steps, distance_m, active_minutes, energy_kcal"))
        }
        let checks: [(Double?, String, String, PlausibleRange)] = [
            (steps.map(Double.init), "steps", "steps", Self.stepsRange),
            (distanceMeters, "distance_m", "distance", Self.distanceRange),
            (activeMinutes, "active_minutes", "active time", Self.activeMinutesRange),
            (energyKilocalories, "energy_kcal", "energy", Self.energyRange),
        ]
        for (value, field, what, range) in checks {
            if let value, let issue = range.check(value, field: field, what: what) { issues.append(issue) }
        }
        return issues + MeasurementRules.provenance(source: source, externalID: externalID)
    }

    public var columnValues: [ColumnValue] {
        span.columnValues + [.init(steps), .init(distanceMeters), .init(activeMinutes), .init(energyKilocalories),
                             .init(source), .init(externalID)]
    }

    public init(columns: inout ColumnReader) throws(RowDecodingError) {
        span = try TimeSpan(columns: &columns)
        steps = try columns.optionalInteger().map { Int($0) }
        distanceMeters = try columns.optionalDouble()
        activeMinutes = try columns.optionalDouble()
        energyKilocalories = try columns.optionalDouble()
        source = try columns.text()
        externalID = try columns.optionalText()
    }
}

extension ActivityRecord {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case start, end, steps, distanceMeters = "distance_m", activeMinutes = "active_minutes",
             energyKilocalories = "energy_kcal", source, externalID = "external_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, readOnly: Self.rowKeys.union(Self.derivedKeys))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        span = try container.decodeTimeSpan(start: .start, end: .end)
        steps = try container.decodeWholeNumberIfPresent(forKey: .steps)
        distanceMeters = try container.decodeIfPresent(Double.self, forKey: .distanceMeters)
        activeMinutes = try container.decodeIfPresent(Double.self, forKey: .activeMinutes)
        energyKilocalories = try container.decodeIfPresent(Double.self, forKey: .energyKilocalories)
        source = try container.decodeSource(forKey: .source)
        externalID = try container.decodeIfPresent(String.self, forKey: .externalID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(span.start.description, forKey: .start)
        try container.encode(span.endDescription, forKey: .end)
        try container.encodeIfPresent(steps, forKey: .steps)
        try container.encodeIfPresent(distanceMeters, forKey: .distanceMeters)
        try container.encodeIfPresent(activeMinutes, forKey: .activeMinutes)
        try container.encodeIfPresent(energyKilocalories, forKey: .energyKilocalories)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(externalID, forKey: .externalID)
    }
}
