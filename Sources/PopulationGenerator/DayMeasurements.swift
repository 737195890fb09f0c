import NativeModel

/// One person's measurements, day by day, around their profile's baselines.
struct DayMeasurements {
    let profile: PersonProfile
    let firstDay: Int64
    let days: Int

    /// The instant of local wall-clock time `minuteOfDay` on day `day` (days since 1970) at the person's offset.
    private func local(day: Int64, minute: Double) -> OffsetDateTime {
        let milliseconds = (day * 1440 + Int64(minute.rounded()) - Int64(profile.utcOffsetMinutes)) * 60_000
        return OffsetDateTime(Instant(millisecondsSince1970: milliseconds), utcOffsetMinutes: profile.utcOffsetMinutes)
    }

    mutating func generate(into member: inout PopulationMember, random: inout SeededRandom) {
        let weighDay = random.integer(0...6)
        var measuredHeight = false
        for offset in 0..<days {
            let day = firstDay + Int64(offset)
            guard random.chance(profile.adherence) else { continue }
            if random.chance(0.95) { member.activities += activities(day: day, random: &random) }
            if random.chance(0.9) { member.sleep.append(sleep(day: day, random: &random)) }
            if random.chance(0.6) { member.vitals.append(heartRate(day: day, random: &random)) }
            if !measuredHeight {
                measuredHeight = true
                member.vitals.append(VitalSignRecord(measuredAt: local(day: day, minute: 430), kind: .bodyHeight,
                                                     value: profile.heightCentimeters.rounded(toPlaces: 1)))
            }
            if offset % 7 == weighDay { member.vitals += weight(day: day, random: &random) }
            if random.chance(0.15) { member.vitals.append(bloodPressure(day: day, random: &random)) }
        }
        member.bloodTests = bloodTests(random: &random)
    }

    private func activities(day: Int64, random: inout SeededRandom) -> [ActivityRecord] {
        var steps = random.normal(mean: profile.meanSteps, standardDeviation: profile.meanSteps * 0.28, in: 150...45_000)
        if random.chance(0.012) { steps = min(steps * 2.6, 68_000) }  // a hike, a race
        let span = TimeSpan(start: local(day: day, minute: 0), end: local(day: day + 1, minute: 0).instant)
        var rows = [activity(steps: steps, span: span, source: "app", random: &random)]
        if random.chance(0.03) {  // the same day also from a watch, which counts a little differently
            rows.append(activity(steps: steps * random.uniform(0.9...1.1), span: span, source: "watch", random: &random))
        }
        return rows
    }

    private func activity(steps: Double, span: TimeSpan, source: String, random: inout SeededRandom) -> ActivityRecord {
        let stride = profile.heightCentimeters * 0.0042
        let active = min(1_400, max(0, steps / 115 + random.normal(mean: 0, standardDeviation: 6)))
        let energy = steps * 0.04 * profile.weightKilograms / 70 + random.normal(mean: 0, standardDeviation: 20)
        return ActivityRecord(span: span, steps: Int(steps.rounded()), distanceMeters: (steps * stride).rounded(),
                              activeMinutes: active.rounded(), energyKilocalories: max(0, energy).rounded(),
                              source: source)
    }

    /// The sleep that ends on the morning of `day`.
    private func sleep(day: Int64, random: inout SeededRandom) -> SleepRecord {
        let bedtime = random.normal(mean: 23 * 60, standardDeviation: 50, in: 20 * 60...27 * 60)
        let minutes = random.normal(mean: profile.meanSleepMinutes, standardDeviation: 45, in: 180...720).rounded()
        let start = local(day: day - 1, minute: bedtime)
        let deep = (minutes * random.uniform(0.12...0.22)).rounded()
        let rem = (minutes * random.uniform(0.18...0.26)).rounded()
        let awake = (minutes * random.uniform(0.02...0.08)).rounded()
        return SleepRecord(span: TimeSpan(start: start, end: start.instant.adding(minutes: Int64(minutes))),
                           deepMinutes: Int(deep), lightMinutes: Int(minutes - deep - rem - awake), remMinutes: Int(rem),
                           awakeMinutes: Int(awake))
    }

    private func heartRate(day: Int64, random: inout SeededRandom) -> VitalSignRecord {
        var rate = random.normal(mean: profile.restingHeartRate, standardDeviation: 3.5, in: 38...120)
        if random.chance(0.003) { rate = random.uniform(130...175) }  // measured after a run
        return VitalSignRecord(measuredAt: local(day: day, minute: random.uniform(400...480)), kind: .heartRate,
                               value: rate.rounded())
    }

    private func weight(day: Int64, random: inout SeededRandom) -> [VitalSignRecord] {
        let weight = random.normal(mean: profile.weightKilograms, standardDeviation: 0.6).rounded(toPlaces: 1)
        let time = local(day: day, minute: random.uniform(410...450))
        let heightMeters = profile.heightCentimeters / 100
        return [
            VitalSignRecord(measuredAt: time, kind: .bodyWeight, value: weight),
            VitalSignRecord(measuredAt: time, kind: .bmi, value: (weight / (heightMeters * heightMeters)).rounded(toPlaces: 1)),
        ]
    }

    private func bloodPressure(day: Int64, random: inout SeededRandom) -> VitalSignRecord {
        let systolic = random.normal(mean: profile.systolic, standardDeviation: 7, in: 85...220).rounded()
        let diastolic = min(systolic - 20, random.normal(mean: profile.diastolic, standardDeviation: 5, in: 45...130)).rounded()
        return VitalSignRecord(measuredAt: local(day: day, minute: random.uniform(420...1260)), kind: .bloodPressure,
                               systolic: systolic, diastolic: diastolic)
    }

    /// One to three fasting glucose tests, and for most people one lipid panel with an HbA1c.
    private func bloodTests(random: inout SeededRandom) -> [BloodTestRecord] {
        var tests: [BloodTestRecord] = []
        for _ in 0..<random.integer(1...3) {
            let time = local(day: firstDay + Int64(random.integer(0...days - 1)), minute: random.uniform(450...540))
            let glucose = random.normal(mean: profile.fastingGlucose, standardDeviation: 8, in: 55...400).rounded()
            tests.append(BloodTestRecord(measuredAt: time, analyte: .glucose, value: glucose, fasting: true))
        }
        guard random.chance(0.6) else { return tests.sorted { $0.time < $1.time } }
        let time = local(day: firstDay + Int64(random.integer(0...days - 1)), minute: random.uniform(450...540))
        let hba1c = ((profile.fastingGlucose + 46.7) / 28.7 + random.normal(mean: 0, standardDeviation: 0.2))
            .rounded(toPlaces: 1)
        let total = random.normal(mean: 195, standardDeviation: 35, in: 110...340).rounded()
        let hdl = random.normal(mean: profile.gender == .female ? 60 : 50, standardDeviation: 12, in: 25...110).rounded()
        let triglycerides = random.normal(mean: 130, standardDeviation: 55, in: 40...600).rounded()
        let ldl = max(30, total - hdl - triglycerides / 5).rounded()
        tests += [
            BloodTestRecord(measuredAt: time, analyte: .hba1c, value: min(max(hba1c, 4), 14), fasting: true),
            BloodTestRecord(measuredAt: time, analyte: .totalCholesterol, value: total, fasting: true),
            BloodTestRecord(measuredAt: time, analyte: .hdlCholesterol, value: hdl, fasting: true),
            BloodTestRecord(measuredAt: time, analyte: .ldlCholesterol, value: ldl, fasting: true),
            BloodTestRecord(measuredAt: time, analyte: .triglycerides, value: triglycerides, fasting: true),
        ]
        return tests.sorted { $0.time < $1.time }
    }
}
