import Scoring
import Testing

/// The figures a chart of a distribution is drawn from: quantiles as everywhere else (Hyndman–Fan 7), and
/// histogram bins that count every value once, the end bins holding what lies beyond them.
@Suite struct DistributionFiguresTests {
    @Test func noValuesHaveNoFigures() {
        #expect(DistributionFigures(sorted: [], decimals: 1) == nil)
    }

    @Test func scoresFillTenFixedBinsAndTheLastHoldsAHundred() throws {
        let figures = try #require(DistributionFigures(sorted: [0, 9.9, 10, 55.5, 99.9, 100], decimals: 1, range: 0...100,
                                                       binCount: 10))
        #expect(figures.bins.map(\.count) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2])
        #expect(figures.bins.map(\.low) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
        #expect(figures.bins.last?.high == 100)
        #expect(figures.size == 6 && figures.minimum == 0 && figures.maximum == 100)
        #expect(figures.median == 32.8)  // halfway between 10 and 55.5, rounded to one decimal
    }

    @Test func quantilesAreHyndmanFanSevenRounded() throws {
        let values = (1...101).map(Double.init)  // 1 … 101: the p quantile is 1 + 100p
        let figures = try #require(DistributionFigures(sorted: values, decimals: 0))
        #expect([figures.fifthPercentile, figures.firstQuartile, figures.median, figures.thirdQuartile,
                 figures.ninetyFifthPercentile] == [6, 26, 51, 76, 96])
        #expect(figures.mean == 51)
    }

    @Test func outliersLandInTheEndBinsInsteadOfStretchingTheChart() throws {
        let values = ([Double](repeating: 8_000, count: 98) + [0, 250_000]).sorted()
        let figures = try #require(DistributionFigures(sorted: values, decimals: 0, binCount: 12))
        #expect(figures.bins.count == 12)
        #expect(figures.bins.reduce(0) { $0 + $1.count } == 100)
        #expect(figures.bins.first?.low ?? 0 > 0 && figures.bins.last?.high ?? .infinity < 250_000,
                "the span runs from the 1st to the 99th percentile")
        #expect(figures.maximum == 250_000 && figures.minimum == 0)
    }

    @Test func oneDistinctValueIsOneBin() throws {
        let figures = try #require(DistributionFigures(sorted: [7, 7, 7], decimals: 1))
        #expect(figures.bins.count == 1 && figures.bins[0].count == 3 && figures.bins[0].low == 7 && figures.bins[0].high == 7)
    }
}
