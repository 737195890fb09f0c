import NativeModel
import Testing

@Suite struct OffsetDateTimeTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0, 0),
        ("2026-11-01T07:30:00+01:00", 1_793_514_600_000, 60),
        ("2026-11-01T07:30:00.250-05:30", 1_793_538_000_250, -330),
        ("1969-12-31T23:59:59Z", -1000, 0),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000, 0),
    ])
    func parsesAndFormatsTheSameText(text: String, milliseconds: Int64, offset: Int) throws {
        let value = try #require(OffsetDateTime(parsing: text))
        #expect(value.instant.millisecondsSince1970 == milliseconds)
        #expect(value.utcOffsetMinutes == offset)
        #expect(value.description == text)
    }

    @Test func truncatesFractionsBeyondMilliseconds() throws {
        let value = try #require(OffsetDateTime(parsing: "2026-11-01T00:00:00.123456789Z"))
        #expect(value.instant.millisecondsSince1970 % 1000 == 123)
        #expect(value.description == "2026-11-01T00:00:00.123Z")
    }

    @Test(arguments: [
        "2026-11-01", "2026-11-01T07:30Z", "2026-11-01T07:30:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-01T24:00:00Z", "2026-11-01T07:30:60Z", "2026-11-01T07:30:00+15:00", "2026-11-01 07:30:00Z",
        "2026-11-01T07:30:00.Z", "2026-11-01T07:30:00+0100", "", "yesterday", "2026-11-01T07:30:00Z ",
    ])
    func rejectsWhatIsNotAnRFC3339DateTime(text: String) {
        #expect(OffsetDateTime(parsing: text) == nil)
    }

    @Test func theEarliestParseableTimeShownInUTCKeepsItsSign() throws {
        let earliest = try #require(OffsetDateTime(parsing: "0000-01-01T00:00:00+14:00"))
        #expect(earliest.description == "0000-01-01T00:00:00+14:00")
        #expect(earliest.instant.description == "-0001-12-31T10:00:00Z")
        #expect(try #require(OffsetDateTime(parsing: "9999-12-31T23:59:59.999-14:00")).description == "9999-12-31T23:59:59.999-14:00")
    }

    @Test func sameInstantInAnotherOffsetIsEqualInTime() throws {
        let utc = try #require(OffsetDateTime(parsing: "2026-11-01T06:30:00Z"))
        let zurich = try #require(OffsetDateTime(parsing: "2026-11-01T07:30:00+01:00"))
        #expect(utc.instant == zurich.instant)
        #expect(utc != zurich)
    }

    @Test func localDateFollowsTheOffset() throws {
        let lateEvening = try #require(OffsetDateTime(parsing: "2026-11-01T23:30:00-05:00"))
        #expect(lateEvening.localDate.description == "2026-11-01")
        #expect(OffsetDateTime(lateEvening.instant, utcOffsetMinutes: 0).localDate.description == "2026-11-02")
    }
}

@Suite struct PartialDateTests {
    @Test(arguments: ["1980", "1980-05", "1980-05-17", "2000-02-29"])
    func keepsThePrecisionItWasGiven(text: String) throws {
        #expect(try #require(PartialDate(parsing: text)).description == text)
    }

    @Test(arguments: ["80", "1980-5", "1980-05-1", "1980-13", "1900-02-29", "1980-05-17T00:00:00Z", "1980/05/17", ""])
    func rejectsWhatIsNotADate(text: String) {
        #expect(PartialDate(parsing: text) == nil)
    }

    @Test func ordersByStartThenPrecision() throws {
        let year = try #require(PartialDate(parsing: "1980"))
        let january = try #require(PartialDate(parsing: "1980-01"))
        let may = try #require(PartialDate(parsing: "1980-05-17"))
        #expect(year < january)
        #expect(january < may)
        #expect(year.start == january.start)
    }
}
