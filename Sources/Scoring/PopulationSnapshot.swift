public import NativeModel

/// The population statistics of one window at one moment: per component, the distribution of every
/// patient's value. Scoring a patient against it is a binary search per component.
public struct PopulationSnapshot: Sendable {
    public let window: ScoringWindow
    public let distributions: [ScoreComponent: PopulationDistribution]
    /// Patients with a value for at least one component.
    public let patients: Int
    /// When the reading of the population began: the statistics hold every write committed before it.
    public let computedAt: Instant
    /// How long computing them took, in milliseconds (the patients' scores included).
    public private(set) var computeMilliseconds: Int64
    /// Every patient's health score against these statistics (one decimal, ascending), from the same
    /// per-patient values: the population's distribution of scores. Empty when the statistics were
    /// computed without them (a snapshot another node stored before they were kept).
    public private(set) var scores: [Double] = []

    /// The snapshot of the per-patient values of each component (in any order).
    public init(window: ScoringWindow, values: [ScoreComponent: [Double]], patients: Int, computedAt: Instant,
                computeMilliseconds: Int64 = 0) {
        self.window = window
        var distributions: [ScoreComponent: PopulationDistribution] = [:]
        for component in ScoreComponent.allCases {
            distributions[component] = PopulationDistribution(component, values: values[component] ?? [])
        }
        self.distributions = distributions
        self.patients = patients
        self.computedAt = computedAt
        self.computeMilliseconds = computeMilliseconds
    }

    public func distribution(_ component: ScoreComponent) -> PopulationDistribution {
        distributions[component] ?? PopulationDistribution(component, values: [])
    }

    /// The same statistics with the scores of patients whose component values are `patients` (one
    /// dictionary per patient, the components with enough data), each scored by `HealthScoreFormula`.
    public func scoring(_ patients: some Sequence<[ScoreComponent: Double]>) -> PopulationSnapshot {
        var scored = self
        scored.scores = patients.compactMap { HealthScoreFormula.combinedScore(of: $0, against: self) }.sorted()
        return scored
    }

    /// The same statistics, computed in `milliseconds`.
    func with(computeMilliseconds milliseconds: Int64) -> PopulationSnapshot {
        var copy = self
        copy.computeMilliseconds = milliseconds
        return copy
    }

    /// The same statistics with `scores` (ascending) as the population's scores.
    func with(scores: [Double]) -> PopulationSnapshot {
        var copy = self
        copy.scores = scores
        return copy
    }
}
