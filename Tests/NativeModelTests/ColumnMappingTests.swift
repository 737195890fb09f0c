import NativeModel
import Testing

/// Each record turns into its columns and back unchanged, with as many values as it names columns.
@Suite struct ColumnMappingTests {
    static let at = OffsetDateTime(Instant(millisecondsSince1970: 1_793_950_000_000), utcOffsetMinutes: -300)

    func roundTrip<Record: NativeRecord>(_ record: Record) throws -> Record {
        #expect(record.columnValues.count == Record.contentColumns.count)
        var reader = ColumnReader(record.columnValues, table: Record.table.rawValue)
        return try Record(columns: &reader)
    }

    @Test func recordsRoundTripThroughTheirColumns() throws {
        var user = UserRecord(email: "a@example.org", givenName: "A", gender: .unknown, birthDate: PartialDate(year: 1990))
        #expect(try roundTrip(user) == user)
        user.identifiers = [ExternalIdentifier(system: "urn:x", value: "1")]
        #expect(try roundTrip(user).identifiers.isEmpty, "identifiers live in their own table")
        let span = TimeSpan(start: Self.at, end: Self.at.instant.adding(minutes: 30))
        let activity = ActivityRecord(span: span, energyKilocalories: 120.5, externalID: "e")
        #expect(try roundTrip(activity) == activity)
        let sleep = SleepRecord(span: span, awakeMinutes: 3)
        #expect(try roundTrip(sleep) == sleep)
        let test = BloodTestRecord(measuredAt: Self.at, analyte: .triglycerides, value: 150, fasting: true)
        #expect(try roundTrip(test) == test)
        let vital = VitalSignRecord(measuredAt: Self.at, kind: .bodyHeight, value: 172.5, source: "ehr")
        #expect(try roundTrip(vital) == vital)
    }

    @Test func aValueOfTheWrongKindIsAFaultOfTheRow() {
        var reader = ColumnReader([.integer(0), .integer(0), .text("not a kind")], table: "vital_signs")
        #expect(throws: RowDecodingError.self) { try VitalSignRecord(columns: &reader) }
    }
}
