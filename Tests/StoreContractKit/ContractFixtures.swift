public import NativeModel

/// Records the contract tests write: valid by every domain rule, at a fixed time well in the past.
public enum ContractFixtures {
    /// 2024-11-01T00:00:00Z.
    public static let day = Instant(millisecondsSince1970: 1_730_419_200_000)

    public static func user(_ n: Int, identifiers: [ExternalIdentifier] = []) -> UserRecord {
        UserRecord(email: "user\(n)@example.org", givenName: "Given\(n)", familyName: "Family\(n)", gender: .female,
                   birthDate: PartialDate(year: 1980, month: 5, day: 17), phone: "+41 44 000 00 \(n % 10)\(n % 10)",
                   identifiers: identifiers)
    }

    /// Activity of day `dayOffset` after `day`, in UTC+01:00.
    public static func activity(dayOffset: Int, steps: Int = 8000, externalID: String? = nil) -> ActivityRecord {
        let start = day.adding(minutes: Int64(dayOffset) * 1440 - 60)
        return ActivityRecord(span: TimeSpan(start: OffsetDateTime(start, utcOffsetMinutes: 60),
                                             end: start.adding(minutes: 1440)),
                              steps: steps, distanceMeters: Double(steps) * 0.75, activeMinutes: 40,
                              energyKilocalories: 300, source: "app", externalID: externalID)
    }

    public static func sleep(dayOffset: Int, minutes: Int = 450) -> SleepRecord {
        let start = day.adding(minutes: Int64(dayOffset) * 1440 - 90)
        return SleepRecord(span: TimeSpan(start: OffsetDateTime(start, utcOffsetMinutes: 0), end: start.adding(minutes: Int64(minutes))),
                           deepMinutes: 80, lightMinutes: 250, remMinutes: 90, awakeMinutes: 20)
    }

    public static func glucose(dayOffset: Int, value: Double = 92) -> BloodTestRecord {
        BloodTestRecord(measuredAt: OffsetDateTime(day.adding(minutes: Int64(dayOffset) * 1440 + 480), utcOffsetMinutes: 0),
                        analyte: .glucose, value: value, fasting: true)
    }

    public static func bloodPressure(dayOffset: Int, systolic: Double = 121, diastolic: Double = 79) -> VitalSignRecord {
        VitalSignRecord(measuredAt: OffsetDateTime(day.adding(minutes: Int64(dayOffset) * 1440 + 540), utcOffsetMinutes: -300),
                        kind: .bloodPressure, systolic: systolic, diastolic: diastolic)
    }

    public static func heartRate(dayOffset: Int, value: Double = 61) -> VitalSignRecord {
        VitalSignRecord(measuredAt: OffsetDateTime(day.adding(minutes: Int64(dayOffset) * 1440 + 420), utcOffsetMinutes: 0),
                        kind: .heartRate, value: value)
    }
}
