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
        let components = scored.map { component, value, days, distribution in
            let score = distribution.score(of: value) ?? 0
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
        let total = combinedScore(of: Dictionary(uniqueKeysWithValues: scored.map { ($0.0, $0.1) }), against: snapshot)
        return HealthScore(userID: userID, window: snapshot.window, score: total,
                           components: components, missing: missing, populationPatients: snapshot.patients,
                           statisticsComputedAt: snapshot.computedAt, statisticsAgeSeconds: age)
    }

    /// The combined score, one decimal, of a patient whose components with enough data have `values`:
    /// the weighted mean of the component scores, the weights renormalized over the components the
    /// population has values of too; nil when none is left.
    public static func combinedScore(of values: [ScoreComponent: Double], against snapshot: PopulationSnapshot) -> Double? {
        let scored = ScoreComponent.allCases.compactMap { component -> (ScoreComponent, Double)? in
            guard let value = values[component], let score = snapshot.distribution(component).score(of: value) else { return nil }
            return (component, score)
        }
        let totalWeight = scored.reduce(0) { $0 + $1.0.weight }
        guard totalWeight > 0 else { return nil }
        return scored.reduce(0) { $0 + $1.1 * $1.0.weight / totalWeight }.rounded(toPlaces: 1)
    }
}
