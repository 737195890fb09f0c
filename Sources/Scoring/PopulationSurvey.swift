public import NativeModel
public import Store

/// Reads the whole population once and reduces it to a snapshot: a slice of user ids at a time, each
/// slice's points grouped by patient and reduced by the same rules as a single patient's, so memory
/// stays flat (one slice of points) whatever the population's size.
public struct PopulationSurvey<Store: HealthStore>: Sendable {
    public let store: Store
    /// User ids per slice.
    public var sliceSize: Int64 = 2_000

    public init(store: Store) {
        self.store = store
    }

    public func snapshot(of window: ScoringWindow, now: Instant) async throws -> PopulationSnapshot {
        let started = ContinuousClock.now
        var values: [ScoreComponent: [Double]] = [:]
        var patients = 0
        if let ids = try await store.userIDRange() {
            var first = ids.lowerBound
            while first <= ids.upperBound {
                let last = min(first + sliceSize - 1, ids.upperBound)
                var scored = Set<Int64>()
                let components = ScoreComponent.allCases
                let series = try await store.series(components.map { component in
                    SeriesQuery(component.series, users: .ids(first...last), in: window.timeRange)
                })
                for (component, points) in zip(components, series) {
                    for (user, userPoints) in Dictionary(grouping: points, by: \.userID) {
                        if let value = PatientValue.reduce(userPoints, component, window: window).value {
                            values[component, default: []].append(value)
                            scored.insert(user)
                        }
                    }
                }
                patients += scored.count
                first = last + 1
            }
        }
        let elapsed = ContinuousClock.now - started
        var distributions: [ScoreComponent: PopulationDistribution] = [:]
        for component in ScoreComponent.allCases {
            distributions[component] = PopulationDistribution(component, values: values[component] ?? [])
        }
        return PopulationSnapshot(window: window, distributions: distributions, patients: patients, computedAt: now,
                                  computeMilliseconds: elapsed.components.seconds * 1000
                                      + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
