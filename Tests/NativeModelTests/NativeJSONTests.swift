import Foundation
import NativeModel
import Testing

/// The JSON form: round trips, and every decoding problem reported as a located issue.
@Suite struct NativeJSONTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try NativeJSON.decode(type, from: Data(json.utf8))
    }

    static func issue<T: Decodable>(_ type: T.Type, _ json: String) -> ValidationIssue? {
        do {
            _ = try decode(type, json)
            return nil
        } catch {
            return (error as? ValidationError)?.issues.first
        }
    }

    @Test func everyRecordSurvivesAnEncodeDecodeRoundTrip() throws {
        let at = try #require(OffsetDateTime(parsing: "2026-11-01T07:30:00+01:00"))
        let span = TimeSpan(start: at, end: at.instant.adding(minutes: 420))
        let user = UserRecord(email: "a@example.org", givenName: "Ana", familyName: "Silva", gender: .female,
                              birthDate: PartialDate(year: 1980, month: 5), phone: "+351 21 000 0000",
                              identifiers: [ExternalIdentifier(system: "urn:oid:1.2.3", value: "MRN1")])
        #expect(try Self.decode(UserRecord.self, String(decoding: NativeJSON.encode(user), as: UTF8.self)) == user)
        let activity = ActivityRecord(span: span, steps: 123, distanceMeters: 99.5, source: "watch", externalID: "w-1")
        #expect(try Self.decode(ActivityRecord.self, String(decoding: NativeJSON.encode(activity), as: UTF8.self)) == activity)
        let sleep = SleepRecord(span: span, deepMinutes: 60, lightMinutes: 300, remMinutes: 50, awakeMinutes: 10)
        #expect(try Self.decode(SleepRecord.self, String(decoding: NativeJSON.encode(sleep), as: UTF8.self)) == sleep)
        let test = BloodTestRecord(measuredAt: at, analyte: .ldlCholesterol, value: 101.5, fasting: false)
        #expect(try Self.decode(BloodTestRecord.self, String(decoding: NativeJSON.encode(test), as: UTF8.self)) == test)
        let vital = VitalSignRecord(measuredAt: at, kind: .bloodPressure, systolic: 131, diastolic: 84)
        #expect(try Self.decode(VitalSignRecord.self, String(decoding: NativeJSON.encode(vital), as: UTF8.self)) == vital)
    }

    @Test func derivedMembersAreWrittenAndAcceptedBack() throws {
        let json = #"{"start":"2026-11-01T23:00:00Z","end":"2026-11-02T06:30:00Z","duration_minutes":450}"#
        let sleep = try Self.decode(SleepRecord.self, json)
        #expect(sleep.durationMinutes == 450)
        let encoded = String(decoding: try NativeJSON.encode(sleep), as: UTF8.self)
        #expect(encoded.contains(#""duration_minutes":450"#))
    }

    @Test func malformedJSONIsReportedForTheWholeBody() {
        #expect(Self.issue(UserRecord.self, #"{"email": "#)?.code == .malformedJSON)
        #expect(Self.issue(UserRecord.self, #"["email"]"#)?.code == .malformedJSON)
    }

    @Test func problemsNameTheirField() {
        let wrongType = Self.issue(UserRecord.self, #"{"email": "a@example.org", "identifiers": [{"system": 7, "value": "x"}]}"#)
        #expect(wrongType?.code == .wrongType)
        #expect(wrongType?.field == "identifiers[0].system")
        let fraction = Self.issue(ActivityRecord.self, #"{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","steps":10.5}"#)
        #expect(fraction?.code == .wrongType)
        #expect(fraction?.field == "steps")
        let missing = Self.issue(BloodTestRecord.self, #"{"analyte":"glucose","value":90}"#)
        #expect(missing?.code == .missingField)
        #expect(missing?.field == "measured_at")
        let null = Self.issue(BloodTestRecord.self, #"{"measured_at":"2026-11-01T08:00:00Z","analyte":"glucose","value":null}"#)
        #expect(null?.code == .missingField)
        #expect(null?.field == "value")
        let unknown = Self.issue(VitalSignRecord.self, #"{"measured_at":"2026-11-01T08:00:00Z","kind":"bmi","value":22,"vaule":1}"#)
        #expect(unknown?.code == .unknownField)
        #expect(unknown?.field == "vaule")
        let badDate = Self.issue(SleepRecord.self, #"{"start":"last night","end":"2026-11-02T06:30:00Z"}"#)
        #expect(badDate?.code == .invalidValue)
        #expect(badDate?.field == "start")
        let badCode = Self.issue(BloodTestRecord.self, #"{"measured_at":"2026-11-01T08:00:00Z","analyte":"sugar","value":90}"#)
        #expect(badCode?.code == .invalidValue)
        #expect(badCode?.message.contains("glucose") == true)
        let wrongUnit = Self.issue(BloodTestRecord.self,
                                   #"{"measured_at":"2026-11-01T08:00:00Z","analyte":"glucose","value":5.4,"unit":"mmol/L"}"#)
        #expect(wrongUnit?.code == .invalidValue)
        #expect(wrongUnit?.field == "unit")
    }

    @Test func readOnlyMembersOfAStoredRowAreAccepted() throws {
        let json = #"{"id":4,"user_id":1,"version":3,"created_at":"x","updated_at":"y","measured_at":"2026-11-01T08:00:00Z","kind":"heart_rate","value":58,"unit":"/min"}"#
        #expect(try Self.decode(VitalSignRecord.self, json).value == 58)
    }

    /// Numbers no double or `Int` holds are refused as out of range, by the member that holds them,
    /// never converted (`Int(1e19)` traps and would take the process down).
    @Test func numbersBeyondEveryTypeAreOutOfRangeByName() {
        for text in ["1e400", "-1e400", "1" + String(repeating: "0", count: 400)] {
            let issue = Self.issue(ActivityRecord.self, #"{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","steps":\#(text)}"#)
            #expect(issue?.code == .outOfRange, "\(text)")
            #expect(issue?.field == "steps", "\(text)")
        }
        let large = Self.issue(ActivityRecord.self, #"{"start":"2026-11-01T00:00:00Z","end":"2026-11-02T00:00:00Z","steps":1e19}"#)
        #expect(large?.code == .outOfRange)
        #expect(large?.message == "10000000000000000000 is too large a number")
        let escaped = Self.issue(SleepRecord.self, #"{"source":"a\"b:","start":"2026-11-01T23:00:00Z","end":"2026-11-02T06:30:00Z","deep_minutes":-1e999}"#)
        #expect(escaped?.field == "deep_minutes")
    }
}
