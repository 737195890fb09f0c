/// The population's per-patient values of one component, sorted, with the same values as shortfalls
/// from the component's target: what a patient is compared with, by binary search.
public struct PopulationDistribution: Sendable, Hashable {
    public let component: ScoreComponent
    /// Ascending.
    public let values: [Double]
    /// Ascending shortfalls (`ScoreTarget.shortfall`) of the same values.
    let shortfalls: [Double]
    /// The mean, winsorized at the 1st and 99th percentiles, computed once: it reads every value, and
    /// a score must not.
    public let mean: Double?

    /// The population mean clamps values to the 1st and 99th percentiles, so one impossible-looking
    /// patient moves it at most as far as a patient at the 99th percentile would.
    public static let meanWinsorizingQuantile = 0.01

    public init(_ component: ScoreComponent, values: [Double]) {
        self.component = component
        self.values = values.sorted()
        self.shortfalls = values.map(component.target.shortfall).sorted()
        self.mean = self.values.isEmpty ? nil : Quantiles.winsorizedMean(self.values, clampingAt: Self.meanWinsorizingQuantile)
    }

    public var count: Int { values.count }
    /// The `p` quantile of the values, interpolated between closest ranks; nil for no values.
    public func quantile(_ p: Double) -> Double? { values.isEmpty ? nil : Quantiles.quantile(values, p) }

    /// The percentile of `value` among the population's values: the share below it plus half the
    /// share equal to it, times 100 (the mid-rank percentile).
    public func percentile(of value: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let below = Quantiles.lowerBound(values, value)
        let equal = Quantiles.upperBound(values, value) - below
        return 100 * (Double(below) + Double(equal) / 2) / Double(values.count)
    }

    /// The component score of `value`: the share of the population it does at least as well as, times
    /// 100 (more steps than, or at least as close to the healthy range as). The best score 100; within
    /// a healthy range, 100.
    public func score(of value: Double) -> Double? {
        guard !shortfalls.isEmpty else { return nil }
        let shortfall = component.target.shortfall(value)
        let notBetter = shortfalls.count - Quantiles.lowerBound(shortfalls, shortfall)
        return 100 * Double(notBetter) / Double(shortfalls.count)
    }
}
