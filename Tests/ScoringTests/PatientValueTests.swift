import NativeModel
import Scoring
import Store
import Testing

/// A patient's value of a component: days by their local time, the daily rules, duplicates, minimum
/// data and the patient's own winsorization.
@Suite struct PatientValueTests {
    static let day: Int64 = 20_400
    static let window = ScoringWindow(days: 30, endingOn: day)!

    /// A point at `hour` (UTC) of day `day`, recorded at `offset` minutes.
    static func point(_ value: Double, day: Int64, hour: Int64 = 12, offset: Int = 0, source: String = "app") -> SeriesPoint {
        SeriesPoint(userID: 1, rowID: 1, time: Instant(millisecondsSince1970: day * 86_400_000 + hour * 3_600_000),
                    utcOffsetMinutes: offset, source: source, value: value)
    }

    static func week(_ steps: Double, from first: Int64 = day - 6) -> [SeriesPoint] {
        (0..<7).map { point(steps, day: first + $0) }
    }

    @Test func stepsAreDailyTotalsOfTheLargestSource() {
        var points = Self.week(8_000, from: Self.day - 7)
        // Day `day`: two phone sessions (5,000 + 3,000) and a watch that counted 7,900.
        points += [Self.point(5_000, day: Self.day, hour: 8), Self.point(3_000, day: Self.day, hour: 18),
                   Self.point(7_900, day: Self.day, hour: 20, source: "watch")]
        #expect(PatientValue.reduce(points, .steps, window: Self.window) == .value(8_000, days: 8))
    }

    @Test func aDuplicateSourceForADayDoesNotDoubleCount() {
        let alone = Self.week(9_000)
        let duplicated = alone + alone.map { var copy = $0; copy.source = "watch"; return copy }
        #expect(PatientValue.reduce(alone, .steps, window: Self.window) == .value(9_000, days: 7))
        #expect(PatientValue.reduce(duplicated, .steps, window: Self.window) == .value(9_000, days: 7))
        let glucose = [Self.point(90, day: Self.day), Self.point(90, day: Self.day, source: "ehr")]
        #expect(PatientValue.reduce(glucose, .glucose, window: Self.window) == .value(90, days: 1))
    }

    @Test func tooFewDaysIsNoValue() {
        let points = Array(Self.week(9_000).prefix(6))
        #expect(PatientValue.reduce(points, .steps, window: Self.window) == .tooLittleData(days: 6))
        #expect(PatientValue.reduce([], .glucose, window: Self.window) == .tooLittleData(days: 0))
    }

    @Test func aDayIsTheMeasurementsOwnLocalDay() {
        // 22:30 UTC on the day before the window's first day is 00:30 the next day at UTC+02:00: inside.
        let first = Self.window.firstDay
        let inside = Self.point(60, day: first - 1, hour: 22, offset: 120)
        let outside = Self.point(60, day: first - 1, hour: 22, offset: 0)
        #expect(inside.localDay == first)
        #expect(PatientValue.reduce([inside], .bmi, window: Self.window) == .value(60, days: 1))
        #expect(PatientValue.reduce([outside], .bmi, window: Self.window) == .tooLittleData(days: 0))
        // Late in the evening west of Greenwich is still that day: 03:00 UTC at UTC−05:00 is 22:00.
        let evening = Self.point(60, day: Self.window.lastDay + 1, hour: 3, offset: -300)
        #expect(PatientValue.reduce([evening], .bmi, window: Self.window) == .value(60, days: 1))
    }

    @Test func restingHeartRateIsTheDailyMinimum() {
        let points = (0..<3).flatMap { offset in
            [Self.point(58, day: Self.day - Int64(offset), hour: 7), Self.point(95, day: Self.day - Int64(offset), hour: 18)]
        }
        #expect(PatientValue.reduce(points, .restingHeartRate, window: Self.window) == .value(58, days: 3))
    }

    @Test func sleepIsInHoursAndNaps() {
        // Minutes: a 420-minute night and a 60-minute nap on the same day from the same source.
        let points = (0..<7).flatMap { offset in
            [Self.point(420, day: Self.day - Int64(offset), hour: 6), Self.point(60, day: Self.day - Int64(offset), hour: 15)]
        }
        #expect(PatientValue.reduce(points, .sleep, window: Self.window) == .value(8, days: 7))
    }

    @Test func aPatientsOwnOutlierDaysAreClampedToTheir10thAnd90thPercentiles() {
        // Ten days of 8,000 and one of 60,000: the 90th percentile is 8,000, so the marathon counts as 8,000.
        let points = (0..<10).map { Self.point(8_000, day: Self.day - Int64($0)) } + [Self.point(60_000, day: Self.day - 10)]
        #expect(PatientValue.reduce(points, .steps, window: Self.window) == .value(8_000, days: 11))
        // Below ten days, no clamping: the plain mean of 7 days.
        let week = (0..<6).map { Self.point(8_000, day: Self.day - Int64($0)) } + [Self.point(15_000, day: Self.day - 6)]
        #expect(PatientValue.reduce(week, .steps, window: Self.window) == .value(9_000, days: 7))
    }
}
