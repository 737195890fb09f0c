public import NativeModel

/// A patient's health score and everything it was computed from: what both the FHIR operation and the
/// native alias present, so the two cannot disagree. Figures are rounded here, once.
public struct HealthScore: Sendable, Hashable {
    /// The version of the method (components, rules, weights); it changes whenever a score could.
    public static let methodVersion = "1.0.0"

    public var userID: Int64
    public var window: ScoringWindow
    /// 0–100 with one decimal; nil when no component had enough data.
    public var score: Double?
    public var components: [ComponentScore]
    public var missing: [MissingComponent]
    /// Patients with a value for at least one component in the population statistics.
    public var populationPatients: Int
    public var statisticsComputedAt: Instant
    /// How old the statistics were when the score was computed, in whole seconds.
    public var statisticsAgeSeconds: Int64
}

/// One component's part in a score.
public struct ComponentScore: Sendable, Hashable {
    public var component: ScoreComponent
    /// The patient's value in `component.unit`.
    public var value: Double
    /// Days with data that went into `value`.
    public var days: Int
    public var population: PopulationSummary
    /// The patient's percentile among the population's values (mid-rank), one decimal.
    public var percentile: Double
    /// 0–100, one decimal: the share of the population the patient does at least as well as.
    public var score: Double
    /// The component's weight when every component is present.
    public var weight: Double
    /// Its weight among the components present (renormalized to add up to 1), four decimals.
    public var effectiveWeight: Double
}

/// The population's distribution of one component, rounded to the component's decimals.
public struct PopulationSummary: Sendable, Hashable {
    public var size: Int
    /// Winsorized at the 1st and 99th percentiles.
    public var mean: Double
    public var median: Double
    public var firstQuartile: Double
    public var thirdQuartile: Double

    public init(size: Int, mean: Double, median: Double, firstQuartile: Double, thirdQuartile: Double) {
        self.size = size
        self.mean = mean
        self.median = median
        self.firstQuartile = firstQuartile
        self.thirdQuartile = thirdQuartile
    }
}

/// A component left out of a score, and why.
public struct MissingComponent: Sendable, Hashable {
    public var component: ScoreComponent
    public var days: Int
    public var reason: String
}
