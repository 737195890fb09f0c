import Foundation
public import NativeModel
import Store

/// A population snapshot as every gateway node on one database shares it: kept in the store's
/// metadata (`population-statistics/<first day>-<last day>`), computed by one node at a time
/// (`HealthStore.exclusively`: a PostgreSQL advisory lock), read by all. The per-patient values are
/// kept, not the distributions: each node rebuilds the same distributions from them.
struct SharedPopulationSnapshot: Codable {
    var firstDay: Int64
    var lastDay: Int64
    var values: [String: [Double]]
    /// Every patient's score, ascending; absent from snapshots stored before scores were kept (such a
    /// snapshot is computed again).
    var scores: [Double]?
    var patients: Int
    var computedAt: Int64
    var computeMilliseconds: Int64

    static func key(_ window: ScoringWindow) -> String {
        "population-statistics/\(window.firstDay)-\(window.lastDay)"
    }

    init(_ snapshot: PopulationSnapshot) {
        firstDay = snapshot.window.firstDay
        lastDay = snapshot.window.lastDay
        values = Dictionary(uniqueKeysWithValues: snapshot.distributions.map { ($0.key.rawValue, $0.value.values) })
        scores = snapshot.scores
        patients = snapshot.patients
        computedAt = snapshot.computedAt.millisecondsSince1970
        computeMilliseconds = snapshot.computeMilliseconds
    }

    /// The snapshot, nil when the stored one is of another window, names a component this version
    /// does not know (a newer node wrote it) or has no scores (an older node did): it is computed again.
    func snapshot(of window: ScoringWindow) -> PopulationSnapshot? {
        guard firstDay == window.firstDay, lastDay == window.lastDay, let scores else { return nil }
        var components: [ScoreComponent: [Double]] = [:]
        for (name, componentValues) in values {
            guard let component = ScoreComponent(rawValue: name) else { return nil }
            components[component] = componentValues
        }
        return PopulationSnapshot(window: window, values: components, patients: patients,
                                  computedAt: Instant(millisecondsSince1970: computedAt), computeMilliseconds: computeMilliseconds)
            .with(scores: scores)
    }
}

extension PopulationSurvey {
    /// The statistics of `window` as the nodes on this database share them: the stored snapshot
    /// while it is younger than `maximumAge` milliseconds; else computed here, under the window's
    /// lock, and stored for the others. While another node computes it, its stored snapshot (stale)
    /// is served; when there is none yet, this node waits up to `wait` for it, then computes its own.
    public func sharedSnapshot(of window: ScoringWindow, now: Instant, maximumAge: Int64,
                               wait: Duration = .seconds(10)) async throws -> PopulationSnapshot {
        let key = SharedPopulationSnapshot.key(window)
        let stored = try await self.stored(key, window)
        if let stored, stored.computedAt.milliseconds(to: now) < maximumAge { return stored }
        let computed = try await store.exclusively(key) {
            // Another node may have stored it between the read above and the lock.
            if let fresh = try await self.stored(key, window), fresh.computedAt.milliseconds(to: now) < maximumAge { return fresh }
            let snapshot = try await self.snapshot(of: window, now: now)
            let data = try JSONEncoder().encode(SharedPopulationSnapshot(snapshot))
            try await store.apply([.setMetadata(key: key, value: String(decoding: data, as: UTF8.self))])
            return snapshot
        }
        if let computed { return computed }
        if let stored { return stored }
        let deadline = ContinuousClock.now + wait
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            if let stored = try await self.stored(key, window) { return stored }
        }
        return try await snapshot(of: window, now: now)
    }

    private func stored(_ key: String, _ window: ScoringWindow) async throws -> PopulationSnapshot? {
        guard let text = try await store.metadata(key),
              let shared = try? JSONDecoder().decode(SharedPopulationSnapshot.self, from: Data(text.utf8)) else { return nil }
        return shared.snapshot(of: window)
    }
}
