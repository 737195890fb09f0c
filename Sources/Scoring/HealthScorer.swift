public import NativeModel
public import Store

/// Scores one patient: their own values read live from their rows (a few indexed reads), each placed
/// in the population's distribution of the same window by binary search, the component scores combined
/// by weight. The cost does not grow with the population.
public struct HealthScorer<Store: HealthStore>: Sendable {
    public let store: Store
    public let statistics: PopulationStatistics<Store>

    public init(store: Store, statistics: PopulationStatistics<Store>) {
        self.store = store
        self.statistics = statistics
    }

    /// The score of `userID` over `window` (the caller knows the patient exists), computed on the
    /// statistics' executor: on a server's event loops, scores left some requests waiting hundreds of
    /// milliseconds from 16 connections up (BENCHMARKS.md, session 8).
    public func score(userID: Int64, window: ScoringWindow, now: Instant) async throws -> HealthScore {
        try await withTaskExecutorPreference(statistics.executor) {
            try await compute(userID: userID, window: window, now: now)
        }
    }

    private func compute(userID: Int64, window: ScoringWindow, now: Instant) async throws -> HealthScore {
        let components = ScoreComponent.allCases
        let series = try await store.series(components.map { component in
            SeriesQuery(component.series, users: .one(userID), in: window.timeRange)
        })
        var values: [ScoreComponent: PatientValue] = [:]
        for (component, points) in zip(components, series) {
            values[component] = PatientValue.reduce(points, component, window: window)
        }
        let snapshot = try await statistics.snapshot(for: window)
        return HealthScoreFormula.score(userID: userID, values: values, against: snapshot, now: now)
    }
}
