import Foundation
import NativeModel
import Scoring
import Store
import StoreSQLite
import Testing

/// The population read from a store: the survey, the scorer on top of it, and how statistics are kept.
@Suite struct PopulationStatisticsTests {
    static let lastDay: Int64 = 20_400
    static let window = ScoringWindow(days: 30, endingOn: lastDay)!
    /// The day after the window: what the store and the surveys take as now.
    static let now = Instant(millisecondsSince1970: (lastDay + 1) * 86_400_000)

    /// Users whose daily steps are `steps[i]` for the window's last 7 days; the first one's days also
    /// come from a watch (the same counts), which must not count twice.
    static func store(steps: [Int], clock: @escaping @Sendable () -> Instant = { Self.now }) async throws -> SQLiteStore {
        let store = try SQLiteStore.inMemory(clock: clock)
        for (index, daily) in steps.enumerated() {
            var operations: [WriteOperation] = [.createUser(UserRecord(email: "p\(index)@example.org", givenName: "P",
                                                                       familyName: "Q\(index)", gender: .female))]
            for offset in 0..<7 {
                let start = Instant(millisecondsSince1970: (lastDay - Int64(offset)) * 86_400_000)
                let span = TimeSpan(start: OffsetDateTime(start, utcOffsetMinutes: 0), end: start.adding(minutes: 1440))
                operations.append(.createMeasurement(ActivityRecord(span: span, steps: daily), owner: .createdBy(operation: 0)))
                if index == 0 {
                    operations.append(.createMeasurement(ActivityRecord(span: span, steps: daily, source: "watch"),
                                                         owner: .createdBy(operation: 0)))
                }
            }
            try await store.apply(operations)
        }
        return store
    }

    @Test func theSurveyReducesEveryPatientByTheSameRules() async throws {
        let store = try await Self.store(steps: [6_000, 9_000, 12_000])
        let snapshot = try await PopulationSurvey(store: store).snapshot(of: Self.window, now: Self.now)
        #expect(snapshot.distribution(.steps).values == [6_000, 9_000, 12_000])
        #expect(snapshot.distribution(.sleep).count == 0)
        #expect(snapshot.patients == 3)
        // Small slices read the same population.
        var sliced = PopulationSurvey(store: store)
        sliced.sliceSize = 1
        #expect(try await sliced.snapshot(of: Self.window, now: Self.now).distribution(.steps).values == [6_000, 9_000, 12_000])
        // A window with no data has an empty population.
        let earlier = try #require(ScoringWindow(days: 30, endingOn: Self.lastDay - 60))
        #expect(try await PopulationSurvey(store: store).snapshot(of: earlier, now: Self.now).patients == 0)
    }

    @Test func aPatientIsScoredAgainstThePopulation() async throws {
        let store = try await Self.store(steps: [6_000, 9_000, 12_000])
        let scorer = HealthScorer(store: store, statistics: PopulationStatistics(store: store))
        let users = try await store.users(PageRequest(limit: 10)).items.map(\.id)
        let middle = try await scorer.score(userID: users[1], window: Self.window, now: Self.now)
        #expect(middle.components.map(\.score) == [66.7])  // 6,000 and 9,000 are not more: 2 of 3
        #expect(middle.score == 66.7)
        #expect(middle.components.first?.days == 7)
        let top = try await scorer.score(userID: users[2], window: Self.window, now: Self.now)
        #expect(top.score == 100)
    }

    @Test func theSurveyScoresEveryPatientAsTheScorerDoes() async throws {
        let store = try await Self.store(steps: [6_000, 9_000, 12_000, 12_000])
        let statistics = PopulationStatistics(store: store)
        let snapshot = try await statistics.snapshot(for: Self.window)
        let scorer = HealthScorer(store: store, statistics: statistics)
        var scores: [Double] = []
        for user in try await store.users(PageRequest(limit: 10)).items {
            scores.append(try #require(try await scorer.score(userID: user.id, window: Self.window, now: Self.now).score))
        }
        #expect(snapshot.scores == scores.sorted())
        #expect(snapshot.scores == [25, 50, 100, 100])
    }

    @Test func statisticsAreComputedOnceAndRefreshedWhenStale() async throws {
        let time = Clock()
        let store = try await Self.store(steps: [6_000, 9_000])
        let statistics = PopulationStatistics(store: store, maximumAgeSeconds: 60, clock: { time.now })
        let first = try await statistics.snapshot(for: Self.window)
        #expect(first.distribution(.steps).count == 2)
        time.advance(seconds: 30)
        #expect(try await statistics.snapshot(for: Self.window).computedAt == first.computedAt)
        #expect(try await statistics.refreshStale() == 0)
        // A new patient appears; once the statistics are stale a refresh picks them up.
        try await store.apply([.createUser(UserRecord(email: "late@example.org", givenName: "L", familyName: "M",
                                                      gender: .male))])
        let late = try await store.users(PageRequest(limit: 10)).items.last?.id ?? 0
        var operations: [WriteOperation] = []
        for offset in 0..<7 {
            let start = Instant(millisecondsSince1970: (Self.lastDay - Int64(offset)) * 86_400_000)
            operations.append(.createMeasurement(
                ActivityRecord(span: TimeSpan(start: OffsetDateTime(start, utcOffsetMinutes: 0), end: start.adding(minutes: 60)),
                               steps: 20_000), owner: .id(late)))
        }
        try await store.apply(operations)
        time.advance(seconds: 31)
        #expect(try await statistics.refreshStale() == 1)
        let refreshed = try await statistics.snapshot(for: Self.window)
        #expect(refreshed.distribution(.steps).values == [6_000, 9_000, 20_000])
        #expect(refreshed.computedAt.millisecondsSince1970 == first.computedAt.millisecondsSince1970 + 61_000)
    }

    @Test func nodesOnOneDatabaseShareOneComputationOfAWindow() async throws {
        let time = Clock()
        let store = try await Self.store(steps: [6_000, 9_000])
        let nodeA = PopulationStatistics(store: store, maximumAgeSeconds: 60, clock: { time.now })
        let nodeB = PopulationStatistics(store: store, maximumAgeSeconds: 60, clock: { time.now })
        let computed = try await nodeA.snapshot(for: Self.window)
        time.advance(seconds: 20)
        let shared = try await nodeB.snapshot(for: Self.window)
        #expect(shared.computedAt == computed.computedAt, "node b reads node a's snapshot instead of surveying again")
        #expect(shared.distribution(.steps).values == computed.distribution(.steps).values)
        #expect(shared.distribution(.steps).mean == computed.distribution(.steps).mean)
        #expect(shared.patients == computed.patients)
        #expect(shared.scores == computed.scores && shared.scores == [50, 100], "the scores travel with the snapshot")
        time.advance(seconds: 41)
        #expect(try await nodeB.refreshStale() == 1)
        let fresh = try await nodeB.snapshot(for: Self.window)
        #expect(fresh.computedAt.millisecondsSince1970 == computed.computedAt.millisecondsSince1970 + 61_000,
                "past the maximum age node b computes it and stores it for node a")
        time.advance(seconds: 1)
        _ = try await nodeA.refreshStale()
        #expect(try await nodeA.snapshot(for: Self.window).computedAt == fresh.computedAt)
    }

    @Test func onlyTheMostRecentlyAskedWindowsAreKept() async throws {
        let store = try await Self.store(steps: [6_000])
        let statistics = PopulationStatistics(store: store, capacity: 2)
        for end in [Self.lastDay, Self.lastDay - 1, Self.lastDay - 2] {
            _ = try await statistics.snapshot(for: try #require(ScoringWindow(days: 30, endingOn: end)))
        }
        #expect(await statistics.windows.map(\.lastDay) == [Self.lastDay - 1, Self.lastDay - 2])
    }

    /// Past `maximumConcurrentWork`, a request that needs a new computation is refused at once; what
    /// is known is still served, and the place comes back when the work ends.
    @Test func workPastTheBoundIsRefusedNotQueued() async throws {
        let store = try await Self.store(steps: [6_000, 9_000])
        let statistics = PopulationStatistics(store: store, maximumConcurrentWork: 1)
        _ = try await statistics.snapshot(for: Self.window)
        let (gate, open) = AsyncStream<Void>.makeStream()
        let holding = Task { try await statistics.runBounded { for await _ in gate {}; return 1 } }
        while await statistics.runningWork == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let other = try #require(ScoringWindow(days: 7, endingOn: Self.lastDay))
        await #expect(throws: PopulationBusy(limit: 1)) { try await statistics.snapshot(for: other) }
        await #expect(throws: PopulationBusy(limit: 1)) { try await statistics.runBounded { 2 } }
        #expect(try await statistics.snapshot(for: Self.window).patients == 2, "a known window is served")
        #expect(await !statistics.windows.contains(other), "a refused window is not remembered")
        open.finish()
        #expect(try await holding.value == 1)
        #expect(await statistics.runningWork == 0)
        #expect(try await statistics.snapshot(for: other).patients == 2)
    }

    /// A clock tests move by hand.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var milliseconds: Int64 = 1_770_000_000_000
        var now: Instant { lock.withLock { Instant(millisecondsSince1970: milliseconds) } }
        func advance(seconds: Int64) { lock.withLock { milliseconds += seconds * 1000 } }
    }
}
