import NativeModel
import Testing

/// The periods a partial date stands for, day numbers, and rounding to decimal places.
@Suite struct PartialDatePeriodTests {
    @Test(arguments: [("2026-11-30", "2026-12-01"), ("2026-12", "2027-01"), ("2026-02", "2026-03"), ("2024", "2025"),
                      ("2024-02-28", "2024-02-29"), ("2025-12-31", "2026-01-01")])
    func aPeriodEndsWhereTheNextBegins(_ dates: (String, String)) throws {
        let period = try #require(PartialDate(parsing: dates.0))
        let next = try #require(PartialDate(parsing: dates.1))
        #expect(period.end == next.start)
    }

    @Test func dayNumbersRoundTrip() throws {
        let day = try #require(PartialDate(parsing: "2026-11-15"))
        #expect(PartialDate(daysSince1970: day.daysSince1970) == day)
        #expect(day.daysSince1970 == 20_772)
    }

    @Test func roundingToPlacesIsHalfAwayFromZero() {
        #expect(97.25.rounded(toPlaces: 1) == 97.3)
        #expect((-2.5).rounded(toPlaces: 0) == -3)
        #expect(7.4444.rounded(toPlaces: 2) == 7.44)
    }
}
