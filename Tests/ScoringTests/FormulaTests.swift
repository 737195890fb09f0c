import NativeModel
import Scoring
import Store
import Testing

/// The formula, pinned with figures computed by hand (in the comments).
@Suite struct FormulaTests {
    static let day: Int64 = 20_400  // 2025-11-08
    static let window = ScoringWindow(days: 30, endingOn: day)!
    static let now = Instant(millisecondsSince1970: (day + 1) * 86_400_000)

    @Test func quantilesInterpolateBetweenClosestRanks() {
        let values: [Double] = [1, 2, 3, 4]
        #expect(Quantiles.quantile(values, 0.25) == 1.75)  // h = 3 × 0.25 = 0.75: 1 + 0.75 × (2 − 1)
        #expect(Quantiles.quantile(values, 0.5) == 2.5)
        #expect(Quantiles.quantile(values, 0.75) == 3.25)
        #expect(Quantiles.quantile([7], 0.9) == 7)
    }

    @Test func aMoreIsBetterComponentScoresTheShareDoneAtLeastAsWellAs() {
        let steps = PopulationDistribution(.steps, values: [10_000, 4_000, 8_000, 6_000])
        #expect(steps.percentile(of: 8_000) == 62.5)  // 2 below, 1 equal: (2 + 0.5) / 4
        #expect(steps.score(of: 8_000) == 75)  // 4,000, 6,000 and 8,000 are not more: 3 / 4
        #expect(steps.score(of: 12_000) == 100)
        #expect(steps.score(of: 3_000) == 0)
        #expect(steps.quantile(0.5) == 7_000)
        // Mean clamped to the 1st and 99th percentiles: 4,060, 6,000, 8,000, 9,940.
        #expect(steps.mean == 7_000)
    }

    @Test func aHealthyRangeComponentScoresTheShareAtLeastAsFarFromIt() {
        // Sleep 7–9 h: shortfalls 1, 0, 0, 1.
        let sleep = PopulationDistribution(.sleep, values: [6, 7.5, 8, 10])
        #expect(sleep.score(of: 7.5) == 100)
        #expect(sleep.score(of: 9) == 100)
        #expect(sleep.score(of: 6) == 50)  // 6 h and 10 h are 1 h away
        #expect(sleep.score(of: 9.5) == 50)  // 0.5 h away: only 6 and 10 are as far
        #expect(sleep.score(of: 5) == 0)
    }

    @Test func theScoreCombinesComponentsByRenormalizedWeights() throws {
        let snapshot = PopulationSnapshot(window: Self.window, values: [.steps: [4_000, 6_000, 8_000, 10_000],
                                                                      .sleep: [6, 7.5, 8, 10]],
                                          patients: 4, computedAt: Self.now.adding(minutes: -2))
        let score = HealthScoreFormula.score(
            userID: 1, values: [.steps: .value(8_000, days: 20), .sleep: .value(6, days: 18)], against: snapshot,
            now: Self.now)
        // (75 × 0.25 + 50 × 0.20) / 0.45 = 63.888…
        #expect(score.score == 63.9)
        #expect(score.components.map(\.component) == [.steps, .sleep])
        #expect(score.components.map(\.score) == [75, 50])
        #expect(score.components.map(\.effectiveWeight) == [0.5556, 0.4444])
        let steps = try #require(score.components.first)
        #expect(steps.population == PopulationSummary(size: 4, mean: 7_000, median: 7_000, firstQuartile: 5_500,
                                                      thirdQuartile: 8_500))
        #expect(steps.percentile == 62.5)
        #expect(steps.days == 20)
        #expect(score.missing.map(\.component) == [.glucose, .restingHeartRate, .bmi, .bloodPressure])
        #expect(score.missing.first?.reason == "0 days with data in the period; at least 1 needed")
        #expect(score.statisticsAgeSeconds == 120)
        #expect(score.populationPatients == 4)
    }

    @Test func aPatientWithNoComponentHasNoScore() {
        let snapshot = PopulationSnapshot(window: Self.window, values: [.steps: [5_000]], patients: 1, computedAt: Self.now)
        let score = HealthScoreFormula.score(userID: 1, values: [.steps: .tooLittleData(days: 3)],
                                                          against: snapshot, now: Self.now)
        #expect(score.score == nil)
        #expect(score.components.isEmpty)
        #expect(score.missing.first?.reason == "3 days with data in the period; at least 7 needed")
    }

    @Test func moreStepsNeverLowerTheStepsComponent() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let population = (0..<(2 + Int.random(in: 0..<40, using: &random))).map { _ in
                Double(Int.random(in: 0...20_000, using: &random))
            }
            let distribution = PopulationDistribution(.steps, values: population)
            var previous = -1.0
            for steps in stride(from: 0.0, through: 22_000, by: 250) {
                let score = distribution.score(of: steps) ?? -1
                #expect(score >= previous, "population \(population): \(steps) steps scored \(score) < \(previous)")
                previous = score
            }
        }
    }

    /// One extreme patient moves nobody else's component score more than one patient at the top of the
    /// population would (one rank: 100 / n), and its size beyond that changes nothing.
    @Test func oneExtremeOutlierMovesOthersNoMoreThanOneRank() {
        let population: [Double] = [3_000, 5_500, 7_000, 7_200, 8_100, 9_400, 11_000, 12_500, 14_000]
        let modest = PopulationDistribution(.steps, values: population + [15_000])
        let extreme = PopulationDistribution(.steps, values: population + [1_000_000])
        let without = PopulationDistribution(.steps, values: population)
        for value in population {
            #expect(modest.score(of: value) == extreme.score(of: value))
            #expect(modest.percentile(of: value) == extreme.percentile(of: value))
            let moved = abs((extreme.score(of: value) ?? 0) - (without.score(of: value) ?? 0))
            #expect(moved <= 100.0 / Double(population.count))
        }
        // The population mean is winsorized at the 1st and 99th percentiles: in a population large enough
        // for the 99th percentile to lie below its largest value, how extreme the top patient is
        // changes the mean not at all.
        let large = (0..<199).map { 3_000 + Double($0) * 85 }
        let topModest = PopulationDistribution(.steps, values: large + [21_000])
        let topExtreme = PopulationDistribution(.steps, values: large + [1_000_000])
        #expect(topModest.mean == topExtreme.mean)
        #expect(topModest.quantile(0.5) == topExtreme.quantile(0.5))
    }
}
