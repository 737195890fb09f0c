public import NativeModel

/// Makes synthetic, realistic populations: the same seed, size and last day give the same people,
/// byte for byte.
///
/// Each person is drawn from their own random stream (seeded by the seed and their index), so any
/// person can be made alone and populations of any size stream in constant memory. What is realistic:
/// an age and sex mix; per-person baselines (steps, sleep, resting heart rate, blood pressure, BMI,
/// fasting glucose) that daily values vary around; days without data; rare outliers; days with a
/// second source (a watch besides the phone); sleep that starts the evening before; a few blood tests.
public struct PopulationGenerator: Sendable {
    public var seed: UInt64
    /// How many days of measurements each person has, ending with `lastDay`.
    public var days: Int
    public var lastDay: PartialDate

    /// The identifier system of the generated medical record numbers.
    public static let mrnSystem = "urn:oid:2.16.840.1.113883.3.9999.1"

    public init(seed: UInt64, days: Int, lastDay: PartialDate) {
        self.seed = seed
        self.days = days
        self.lastDay = PartialDate(year: lastDay.year, month: lastDay.month ?? 12, day: lastDay.day ?? 28)
    }

    /// People `0..<count`, made one at a time as they are iterated.
    public func members(count: Int) -> Members { Members(generator: self, count: count) }

    /// The people of a population, made as they are iterated. A concrete type on purpose: iterating
    /// the opaque `some Sequence<PopulationMember> & Sendable` of a lazy `map` retained every member
    /// (Swift 6.3, measured: memory grew with the population instead of staying flat).
    public struct Members: Sequence, Sendable {
        let generator: PopulationGenerator
        let count: Int

        public struct Iterator: IteratorProtocol {
            let generator: PopulationGenerator
            let count: Int
            var index = 0

            public mutating func next() -> PopulationMember? {
                guard index < count else { return nil }
                defer { index += 1 }
                return generator.member(index)
            }
        }

        public func makeIterator() -> Iterator { Iterator(generator: generator, count: count) }
        public var underestimatedCount: Int { count }
    }

    /// Person number `index`.
    public func member(_ index: Int) -> PopulationMember {
        var random = SeededRandom(seed: seed, stream: UInt64(index))
        let profile = PersonProfile(random: &random)
        var member = PopulationMember(user: user(index, profile, &random))
        var days = DayMeasurements(profile: profile, firstDay: firstDayNumber, days: self.days)
        days.generate(into: &member, random: &random)
        return member
    }

    private var firstDayNumber: Int64 {
        lastDay.start.millisecondsSince1970 / 86_400_000 - Int64(days - 1)
    }

    private func user(_ index: Int, _ profile: PersonProfile, _ random: inout SeededRandom) -> UserRecord {
        let given = random.pick(profile.gender == .female ? PersonNames.female
                                : profile.gender == .male ? PersonNames.male : PersonNames.other)
        let family = random.pick(PersonNames.family)
        let email = "\(PersonNames.emailPart(given)).\(PersonNames.emailPart(family)).\(index + 1)@example.org"
        let birthDate = PartialDate(year: lastDay.year - profile.ageYears, month: random.integer(1...12),
                                    day: random.integer(1...28))
        let phone = random.chance(0.8)
            ? "+41 79 \(random.integer(100...999)) \(random.integer(10...99)) \(random.integer(10...99))" : nil
        let identifiers = random.chance(0.7)
            ? [ExternalIdentifier(system: Self.mrnSystem, value: "MRN\(10_000_000 + index)")] : []
        return UserRecord(email: email, givenName: given, familyName: family, gender: profile.gender,
                          birthDate: birthDate, phone: phone, identifiers: identifiers)
    }
}
