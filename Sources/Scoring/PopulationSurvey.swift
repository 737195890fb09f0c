public import NativeModel
public import Store

/// Reads the whole population once and reduces it to a snapshot: a slice of user ids at a time, each
/// slice's points grouped by patient and reduced by the same rules as a single patient's, so memory
/// stays bounded (`parallelism` slices of points) whatever the population's size.
///
/// A survey's memory is given back when it ends, but a server's allocator keeps much of it (the soak,
/// BENCHMARKS.md): slices are small so that what a survey holds at once, and leaves behind, stays small.
public struct PopulationSurvey<Store: HealthStore>: Sendable {
    public let store: Store
    /// User ids per slice: 500 patients' points of a 30-day window are about 3 MB.
    public var sliceSize: Int64 = 500
    /// Slices read at once (the store's readers run in parallel).
    public var parallelism = 2

    public init(store: Store) {
        self.store = store
    }

    public func snapshot(of window: ScoringWindow, now: Instant) async throws -> PopulationSnapshot {
        let started = ContinuousClock.now
        var total = SliceValues()
        if let ids = try await store.userIDRange() {
            let slices = SeriesUsers.slices(of: ids, size: sliceSize)
            try await withThrowingTaskGroup(of: SliceValues.self) { group in
                var next = 0
                func startNext() {
                    guard next < slices.count else { return }
                    let slice = slices[next]
                    next += 1
                    group.addTask { try await values(of: slice, window: window) }
                }
                for _ in 0..<max(parallelism, 1) { startNext() }
                while let values = try await group.next() {
                    total.merge(values)
                    startNext()
                }
            }
        }
        let snapshot = PopulationSnapshot(window: window, values: total.values, patients: total.patients, computedAt: now)
            .scoring(total.patientValues)
        let elapsed = ContinuousClock.now - started
        return snapshot.with(computeMilliseconds: elapsed.components.seconds * 1000
            + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// The values of every patient of one slice of user ids.
    private func values(of users: SeriesUsers, window: ScoringWindow) async throws -> SliceValues {
        let components = ScoreComponent.allCases
        // A long read: a read replica within its lag bound may answer it (HealthStore.longReads).
        let series = try await store.longReads.series(components.map { component in
            SeriesQuery(component.series, users: users, in: window.timeRange)
        })
        var result = SliceValues()
        var patients: [Int64: [ScoreComponent: Double]] = [:]
        for (component, points) in zip(components, series) {
            for (user, userPoints) in Dictionary(grouping: points, by: \.userID) {
                if let value = PatientValue.reduce(userPoints, component, window: window).value {
                    result.values[component, default: []].append(value)
                    patients[user, default: [:]][component] = value
                }
            }
        }
        result.patients = patients.count
        result.patientValues = Array(patients.values)
        return result
    }
}

/// Per-patient values of a part of the population: per component, and per patient (to score them).
private struct SliceValues: Sendable {
    var values: [ScoreComponent: [Double]] = [:]
    var patients = 0
    var patientValues: [[ScoreComponent: Double]] = []

    mutating func merge(_ other: SliceValues) {
        for (component, values) in other.values { self.values[component, default: []] += values }
        patients += other.patients
        patientValues += other.patientValues
    }
}
