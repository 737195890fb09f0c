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
                component: component, value: value.rounded(toPlaces: places), days: days,
                population: PopulationSummary(
                    size: distribution.count, mean: (distribution.mean ?? 0).rounded(toPlaces: places),
                    median: (distribution.quantile(0.5) ?? 0).rounded(toPlaces: places),
                    firstQuartile: (distribution.quantile(0.25) ?? 0).rounded(toPlaces: places),
                    thirdQuartile: (distribution.quantile(0.75) ?? 0).rounded(toPlaces: places)),
                percentile: (distribution.percentile(of: value) ?? 0).rounded(toPlaces: 1), score: score.rounded(toPlaces: 1),
                weight: component.weight, effectiveWeight: (component.weight / totalWeight).rounded(toPlaces: 4))
        }
        let age = max(0, snapshot.computedAt.milliseconds(to: now)) / 1000
        return HealthScore(userID: userID, window: snapshot.window, score: components.isEmpty ? nil : total.rounded(toPlaces: 1),
                           components: components, missing: missing, populationPatients: snapshot.patients,
                           statisticsComputedAt: snapshot.computedAt, statisticsAgeSeconds: age)
    }
}
