public import NativeModel

/// The health-score formula alone, with no store: a patient's component values against a population
/// snapshot, combined by the components' weights renormalized over the components present.
public enum HealthScoreFormula {
    /// The score of a patient with `values` against `snapshot`.
    public static func score(userID: Int64, values: [ScoreComponent: PatientValue], against snapshot: PopulationSnapshot,
                             now: Instant) -> HealthScore {
        var scored: [(ScoreComponent, Double, Int, PopulationDistribution)] = []
        var missing: [MissingComponent] = []
        for component in ScoreComponent.allCases {
            let distribution = snapshot.distribution(component)
            switch values[component] ?? .tooLittleData(days: 0) {
            case .value(let value, let days) where distribution.count > 0:
                scored.append((component, value, days, distribution))
            case .value(_, let days):
                missing.append(MissingComponent(component: component, days: days,
                                                reason: "no patient had a value when the population statistics were computed"))
            case .tooLittleData(let days):
                missing.append(MissingComponent(
                    component: component, days: days,
                    reason: "\(days) day\(days == 1 ? "" : "s") with data in the period; at least \(component.minimumDays) needed"))
            }
        }
        let totalWeight = scored.reduce(0) { $0 + $1.0.weight }
        var total = 0.0
        let components = scored.map { component, value, days, distribution in
            let score = distribution.score(of: value) ?? 0
            total += score * component.weight / totalWeight
            let places = component.decimals
            return ComponentScore(
                component: component, value: rounded(value, places), days: days,
                population: PopulationSummary(
                    size: distribution.count, mean: rounded(distribution.mean ?? 0, places),
                    median: rounded(distribution.quantile(0.5) ?? 0, places),
                    firstQuartile: rounded(distribution.quantile(0.25) ?? 0, places),
                    thirdQuartile: rounded(distribution.quantile(0.75) ?? 0, places)),
                percentile: rounded(distribution.percentile(of: value) ?? 0, 1), score: rounded(score, 1),
                weight: component.weight, effectiveWeight: rounded(component.weight / totalWeight, 4))
        }
        let age = max(0, snapshot.computedAt.milliseconds(to: now)) / 1000
        return HealthScore(userID: userID, window: snapshot.window, score: components.isEmpty ? nil : rounded(total, 1),
                           components: components, missing: missing, populationPatients: snapshot.patients,
                           statisticsComputedAt: snapshot.computedAt, statisticsAgeSeconds: age)
    }
}
