import NativeModel
import Testing

/// Domain rules: valid records pass; each kind of impossible value is named by its field.
@Suite struct RecordRulesTests {
    static let now = Instant(millisecondsSince1970: 1_794_000_000_000)  // 2026-11-06
    static let morning = OffsetDateTime(Instant(millisecondsSince1970: 1_793_950_000_000), utcOffsetMinutes: 60)

    static func span(minutes: Int64) -> TimeSpan {
        TimeSpan(start: morning, end: morning.instant.adding(minutes: minutes))
    }

    @Test func validRecordsBreakNoRule() {
        #expect(UserRecord(email: "a@example.org").ruleViolations(now: Self.now).isEmpty)
        #expect(ActivityRecord(span: Self.span(minutes: 1440), steps: 9000).ruleViolations(now: Self.now).isEmpty)
        #expect(SleepRecord(span: Self.span(minutes: 480), deepMinutes: 90, remMinutes: 100).ruleViolations(now: Self.now).isEmpty)
        #expect(BloodTestRecord(measuredAt: Self.morning, analyte: .hba1c, value: 5.6).ruleViolations(now: Self.now).isEmpty)
        #expect(VitalSignRecord(measuredAt: Self.morning, kind: .bloodPressure, systolic: 120, diastolic: 80)
            .ruleViolations(now: Self.now).isEmpty)
    }

    static let impossible: [(String, any NativeRecord, ValidationIssue.Code, String)] = [
        ("negative steps", ActivityRecord(span: span(minutes: 1440), steps: -5), .outOfRange, "steps"),
        ("an activity without values", ActivityRecord(span: span(minutes: 60)), .missingField, "steps"),
        ("an activity of 30 hours", ActivityRecord(span: span(minutes: 1800), steps: 10), .outOfRange, "end"),
        ("sleep that ends before it starts", SleepRecord(span: span(minutes: -60)), .inconsistent, "end"),
        ("sleep of no time", SleepRecord(span: span(minutes: 0)), .inconsistent, "end"),
        ("stages longer than the sleep", SleepRecord(span: span(minutes: 60), deepMinutes: 50, remMinutes: 50), .inconsistent,
         "deep_minutes"),
        ("glucose of 10,000 mg/dL", BloodTestRecord(measuredAt: morning, analyte: .glucose, value: 10_000), .outOfRange, "value"),
        ("an HbA1c of 0 %", BloodTestRecord(measuredAt: morning, analyte: .hba1c, value: 0), .outOfRange, "value"),
        ("a test next month", BloodTestRecord(measuredAt: OffsetDateTime(now.adding(minutes: 40_000), utcOffsetMinutes: 0),
                                              analyte: .glucose, value: 90), .outOfRange, "measured_at"),
        ("a birth date in the future", UserRecord(email: "a@example.org", birthDate: PartialDate(year: 2027)), .outOfRange,
         "birth_date"),
        ("a birth date in 1700", UserRecord(email: "a@example.org", birthDate: PartialDate(year: 1700)), .outOfRange, "birth_date"),
        ("a user with neither email nor name", UserRecord(phone: "+41 44 123 45 67"), .missingField, "email"),
        ("an email without @", UserRecord(email: "nobody.example.org"), .invalidValue, "email"),
        ("a phone with letters", UserRecord(email: "a@example.org", phone: "call me"), .invalidValue, "phone"),
        ("an identifier listed twice", UserRecord(email: "a@example.org", identifiers: [
            ExternalIdentifier(system: "urn:x", value: "1"), ExternalIdentifier(system: "urn:x", value: "1"),
        ]), .inconsistent, "identifiers[1]"),
        ("diastolic above systolic", VitalSignRecord(measuredAt: morning, kind: .bloodPressure, systolic: 80, diastolic: 120),
         .inconsistent, "diastolic"),
        ("blood pressure without diastolic", VitalSignRecord(measuredAt: morning, kind: .bloodPressure, systolic: 120),
         .missingField, "diastolic"),
        ("a heart rate of 900", VitalSignRecord(measuredAt: morning, kind: .heartRate, value: 900), .outOfRange, "value"),
        ("a weight with systolic", VitalSignRecord(measuredAt: morning, kind: .bodyWeight, value: 70, systolic: 120),
         .inconsistent, "systolic"),
        ("an infinite weight", VitalSignRecord(measuredAt: morning, kind: .bodyWeight, value: .infinity), .outOfRange, "value"),
        ("an empty source", VitalSignRecord(measuredAt: morning, kind: .heartRate, value: 60, source: ""), .invalidValue, "source"),
    ]

    @Test(arguments: 0..<impossible.count)
    func impossibleValuesAreNamedByTheirField(index: Int) {
        let (name, record, code, field) = Self.impossible[index]
        let issues = record.ruleViolations(now: Self.now)
        #expect(issues.contains { $0.code == code && $0.field == field }, "\(name): \(issues)")
    }

    @Test func theDatabaseRangesAndTheRulesAgreeOnTheBoundaries() {
        for analyte in Analyte.allCases {
            let range = analyte.plausibleRange.bounds
            for (value, valid) in [(range.lowerBound, true), (range.upperBound, true),
                                   (range.lowerBound - 0.01, false), (range.upperBound + 0.01, false)] {
                let record = BloodTestRecord(measuredAt: Self.morning, analyte: analyte, value: value)
                #expect(record.ruleViolations(now: Self.now).isEmpty == valid, "\(analyte) \(value)")
            }
        }
    }
}
