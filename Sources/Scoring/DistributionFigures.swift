import NativeModel

/// What a chart of a population's distribution needs, from its sorted values: the five figures of a
/// box plot (5th, 25th, 50th, 75th and 95th percentiles, Hyndman–Fan 7 like every quantile here), the
/// extremes, the mean, and a histogram of equal-width bins. Every figure is rounded to `decimals` places,
/// once, here.
public struct DistributionFigures: Sendable, Hashable {
    /// One bar of the histogram: values from `low` (included) to `high` (excluded, but for the last
    /// bin, which includes it). The first and last bins also count the values beyond them, so a handful
    /// of extreme values cannot stretch the chart until the rest is one bar.
    public struct Bin: Sendable, Hashable {
        public var low: Double
        public var high: Double
        public var count: Int
    }

    public var size: Int
    public var minimum: Double
    public var fifthPercentile: Double
    public var firstQuartile: Double
    public var median: Double
    public var thirdQuartile: Double
    public var ninetyFifthPercentile: Double
    public var maximum: Double
    /// Winsorized at the 1st and 99th percentiles, as `PopulationDistribution.mean`.
    public var mean: Double
    public var bins: [Bin]

    /// Bins of a histogram whose range is not fixed: equal widths from the 1st to the 99th percentile.
    public static let defaultBinCount = 12

    /// The figures of `sorted` (ascending); nil for no values. `range` fixes the histogram's span (0–100
    /// for scores); without it the bins span the 1st to the 99th percentile.
    public init?(sorted: [Double], decimals: Int, range: ClosedRange<Double>? = nil, binCount: Int = defaultBinCount) {
        guard let first = sorted.first, let last = sorted.last else { return nil }
        func round(_ value: Double) -> Double { value.rounded(toPlaces: decimals) }
        size = sorted.count
        minimum = round(first)
        maximum = round(last)
        fifthPercentile = round(Quantiles.quantile(sorted, 0.05))
        firstQuartile = round(Quantiles.quantile(sorted, 0.25))
        median = round(Quantiles.quantile(sorted, 0.5))
        thirdQuartile = round(Quantiles.quantile(sorted, 0.75))
        ninetyFifthPercentile = round(Quantiles.quantile(sorted, 0.95))
        mean = round(Quantiles.winsorizedMean(sorted, clampingAt: PopulationDistribution.meanWinsorizingQuantile))
        let span = range ?? Quantiles.quantile(sorted, 0.01)...Quantiles.quantile(sorted, 0.99)
        let count = span.upperBound > span.lowerBound ? max(binCount, 1) : 1
        let width = (span.upperBound - span.lowerBound) / Double(count)
        var counts = [Int](repeating: 0, count: count)
        for value in sorted {
            let offset = width > 0 ? ((value - span.lowerBound) / width).rounded(.down) : 0
            // Clamped before converting: the first and last bins hold what lies beyond them.
            counts[Int(min(max(offset, 0), Double(count - 1)))] += 1
        }
        bins = counts.enumerated().map { index, count in
            Bin(low: round(span.lowerBound + Double(index) * width), high: round(span.lowerBound + Double(index + 1) * width),
                count: count)
        }
    }
}
