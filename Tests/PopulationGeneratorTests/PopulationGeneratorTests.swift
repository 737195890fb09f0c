import Foundation
import NativeModel
import PopulationGenerator
import Testing

@Suite struct PopulationGeneratorTests {
    static let lastDay = PartialDate(year: 2026, month: 11, day: 15)
    static let generator = PopulationGenerator(seed: 7, days: 30, lastDay: lastDay)
    /// After every generated time, so no measurement counts as "in the future".
    static let now = Instant(millisecondsSince1970: 1_800_000_000_000)

    @Test func theSameSeedGivesTheSamePeople() {
        let again = PopulationGenerator(seed: 7, days: 30, lastDay: Self.lastDay)
        #expect(Array(Self.generator.members(count: 20)) == Array(again.members(count: 20)))
        #expect(Self.generator.member(13) == again.member(13), "a person can be made alone")
    }

    @Test func anotherSeedGivesOtherPeople() {
        let other = PopulationGenerator(seed: 8, days: 30, lastDay: Self.lastDay)
        #expect(Self.generator.member(0) != other.member(0))
    }

    @Test func theCommittedSamplesAreWhatTheDocumentedCommandMakes() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Samples/population.ndjson")
        let regenerated = FileManager.default.temporaryDirectory.appendingPathComponent("samples-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: regenerated) }
        let generator = PopulationGenerator(seed: 42, days: 28, lastDay: PartialDate(year: 2026, month: 11, day: 15))
        try PopulationFile.write(generator.members(count: 30), to: regenerated)
        #expect(try Data(contentsOf: samples) == Data(contentsOf: regenerated))
    }

    @Test func everyGeneratedRecordKeepsTheDomainRules() {
        for member in Self.generator.members(count: 200) {
            #expect(member.user.ruleViolations(now: Self.now).isEmpty)
            let records: [any NativeRecord] = member.activities + member.sleep + member.bloodTests + member.vitals
            for record in records {
                let issues = record.ruleViolations(now: Self.now)
                #expect(issues.isEmpty, "\(record): \(issues)")
            }
        }
    }

    @Test func measurementsFallInTheRequestedDays() throws {
        let first = try #require(OffsetDateTime(parsing: "2026-10-16T00:00:00+14:00")).instant.adding(minutes: -1440)
        let last = try #require(OffsetDateTime(parsing: "2026-11-16T00:00:00-12:00")).instant
        for member in Self.generator.members(count: 50) {
            let times = member.activities.map(\.time) + member.sleep.map(\.time) + member.bloodTests.map(\.time)
                + member.vitals.map(\.time)
            #expect(times.allSatisfy { $0 >= first && $0 < last })
        }
    }

    /// The population looks like people: stated ranges for the means, a mix of sexes and ages, gaps,
    /// second sources and outliers.
    @Test func distributionsAreRealistic() {
        let members = Array(Self.generator.members(count: 1_000))
        let steps = members.flatMap { $0.activities.compactMap(\.steps) }.map(Double.init)
        let sleepHours = members.flatMap { $0.sleep.map { $0.durationMinutes / 60 } }
        let heartRates = members.flatMap { $0.vitals.filter { $0.kind == .heartRate }.compactMap(\.value) }
        let bmis = members.flatMap { $0.vitals.filter { $0.kind == .bmi }.compactMap(\.value) }
        let systolic = members.flatMap { $0.vitals.compactMap(\.systolic) }
        let glucose = members.flatMap { $0.bloodTests.filter { $0.analyte == .glucose }.map(\.value) }
        #expect((6_000...9_000).contains(mean(steps)))
        #expect((6.5...7.7).contains(mean(sleepHours)))
        #expect((58...72).contains(mean(heartRates)))
        #expect((23...29).contains(mean(bmis)))
        #expect((115...135).contains(mean(systolic)))
        #expect((90...115).contains(mean(glucose)))

        let women = members.filter { $0.user.gender == .female }.count
        #expect((420...580).contains(women))
        let birthYears = members.compactMap(\.user.birthDate?.year)
        #expect(birthYears.min()! < 1950 && birthYears.max()! > 2000)

        let daysWithActivity = members.map { Set($0.activities.map(\.time)).count }
        #expect(daysWithActivity.contains { $0 < 25 }, "some days have no data")
        #expect(members.contains { $0.activities.contains { $0.source == "watch" } }, "some days come from two sources")
        #expect(steps.contains { $0 > 30_000 }, "a few outliers")
        #expect(heartRates.contains { $0 > 125 }, "a few outliers")
        #expect(members.filter { !$0.user.identifiers.isEmpty }.count > 600, "most people have an MRN")
        #expect(Set(members.compactMap(\.user.email)).count == members.count, "emails are unique")
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
}
