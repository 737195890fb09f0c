import NativeModel

/// The stable traits of one generated person, from which their daily measurements vary: a person with
/// a high step count walks a lot most days, not on one random day.
struct PersonProfile {
    var gender: Gender
    var ageYears: Int
    var utcOffsetMinutes: Int
    var heightCentimeters: Double
    var weightKilograms: Double
    var meanSteps: Double
    var meanSleepMinutes: Double
    var restingHeartRate: Double
    var systolic: Double
    var diastolic: Double
    var fastingGlucose: Double
    /// The chance of having any record on a given day: some people track every day, some rarely.
    var adherence: Double

    static let offsets = [-480, -300, -240, 0, 0, 60, 60, 60, 120, 330, 540]

    init(random: inout SeededRandom) {
        let roll = random.unit()
        gender = roll < 0.49 ? .female : roll < 0.98 ? .male : .other
        ageYears = Int(random.normal(mean: 46, standardDeviation: 16, in: 18...92))
        utcOffsetMinutes = random.pick(Self.offsets)
        let female = gender == .female
        heightCentimeters = random.normal(mean: female ? 164 : 177, standardDeviation: 7, in: 140...205)
        let bmi = random.normal(mean: 26 + Double(ageYears - 46) * 0.04, standardDeviation: 4.5, in: 16.5...46)
        weightKilograms = bmi * (heightCentimeters / 100) * (heightCentimeters / 100)
        let activity = random.normal(mean: 7_500 - Double(ageYears - 46) * 45, standardDeviation: 2_800, in: 1_200...19_000)
        meanSteps = activity
        meanSleepMinutes = random.normal(mean: 425, standardDeviation: 45, in: 290...560)
        restingHeartRate = random.normal(mean: 66 - (activity - 7_500) / 1_200, standardDeviation: 7, in: 44...98)
        systolic = random.normal(mean: 112 + Double(ageYears) * 0.35 + (bmi - 26) * 0.8, standardDeviation: 11, in: 92...185)
        diastolic = min(systolic - 25, random.normal(mean: 72 + (bmi - 26) * 0.5, standardDeviation: 8, in: 55...115))
        let diabetic = random.chance(0.09 + Double(ageYears) * 0.001)
        fastingGlucose = diabetic
            ? random.normal(mean: 150, standardDeviation: 30, in: 110...300)
            : random.normal(mean: 92, standardDeviation: 9, in: 70...125)
        adherence = random.uniform(0.65...0.98)
    }
}
