public import NativeModel
public import Store

/// The population statistics the scores compare against, per window, kept off the request path.
///
/// A window's snapshot is computed once (concurrent requests share the one computation) and served
/// from memory; once older than `maximumAge` it is still served, with its age, while a refresh runs
/// in the background. `PopulationRefresher` (GatewayServer) also refreshes stale windows on a timer, so
/// statistics are never more than `maximumAge` plus one refresh behind the data. Nodes on one database
/// share their snapshots through it (`PopulationSurvey.sharedSnapshot`): one node computes a window at
/// a time, every node reads the result.
public actor PopulationStatistics<Store: HealthStore> {
    public let survey: PopulationSurvey<Store>
    /// Milliseconds after which a snapshot is refreshed.
    public let maximumAge: Int64
    /// Windows remembered at once; the least recently asked for is forgotten first.
    public let capacity: Int
    /// What the statistics take as now: a snapshot's age, and the day today's window ends with.
    public nonisolated let clock: @Sendable () -> Instant
    /// Where the statistics are computed, and the scores against them (a server keeps that off its
    /// event loops); nil for the default.
    public let executor: (any TaskExecutor)?
    /// Population-wide computations that requests may have running at once (`statistics.maxConcurrent`):
    /// surveys of windows not computed yet and `runBounded` work such as a `$stats` over everyone. A
    /// request that would start one more is refused (`PopulationBusy`) instead of queued; the timer's
    /// refreshes, one at a time, come on top.
    public let maximumConcurrentWork: Int
    private var snapshots: [ScoringWindow: PopulationSnapshot] = [:]
    private var recent: [ScoringWindow] = []
    private var running: [ScoringWindow: Task<PopulationSnapshot, any Error>] = [:]
    /// Requests' population-wide computations running now.
    private var requestedWork = 0
    /// When a refresh of each window last started.
    private var attempts: [ScoringWindow: Instant] = [:]

    public init(store: Store, maximumAgeSeconds: Int64 = 300, capacity: Int = 8, maximumConcurrentWork: Int = 2,
                clock: @escaping @Sendable () -> Instant = { .now() }, executor: (any TaskExecutor)? = nil) {
        self.survey = PopulationSurvey(store: store)
        self.maximumAge = maximumAgeSeconds.multipliedReportingOverflow(by: 1000).overflow ? .max : maximumAgeSeconds * 1000
        self.capacity = max(capacity, 1)
        self.maximumConcurrentWork = max(1, maximumConcurrentWork)
        self.clock = clock
        self.executor = executor
    }

    /// The statistics of `window`: from memory when known (refreshed in the background when stale and
    /// the bound allows), joined when being computed, else computed now if the bound allows, or
    /// `PopulationBusy`.
    public func snapshot(for window: ScoringWindow) async throws -> PopulationSnapshot {
        if let snapshot = snapshots[window] {
            remember(window)
            if isStale(snapshot), running[window] == nil, requestedWork < maximumConcurrentWork, !triedRecently(window) {
                _ = start(window, counted: true)
            }
            return snapshot
        }
        if let task = running[window] {
            remember(window)
            return try await task.value
        }
        try admit()
        remember(window)
        return try await start(window, counted: true).value
    }

    /// Runs population-wide work of a request on the statistics' executor, counted against
    /// `maximumConcurrentWork`; `PopulationBusy` when that many are running.
    public func runBounded<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try admit()
        requestedWork += 1
        defer { requestedWork -= 1 }
        return try await Task(executorPreference: executor) { try await work() }.value
    }

    /// Requests' population-wide computations running now (at most `maximumConcurrentWork`).
    public var runningWork: Int { requestedWork }

    private func admit() throws {
        guard requestedWork < maximumConcurrentWork else { throw PopulationBusy(limit: maximumConcurrentWork) }
    }

    /// Computes `window`'s statistics now (or joins the computation already running).
    @discardableResult
    public func refresh(_ window: ScoringWindow) async throws -> PopulationSnapshot {
        remember(window)
        return try await start(window).value
    }

    /// Refreshes every remembered window whose statistics are stale; returns how many it refreshed.
    @discardableResult
    public func refreshStale() async throws -> Int {
        let stale = recent.filter { window in snapshots[window].map(isStale) ?? false }
        for window in stale { _ = try await start(window).value }
        return stale.count
    }

    /// The most recently computed statistics this node holds (the metrics' age and compute time).
    public var newest: PopulationSnapshot? { snapshots.values.max { $0.computedAt < $1.computedAt } }

    /// The windows remembered, most recently asked for last.
    public var windows: [ScoringWindow] { recent }

    private func isStale(_ snapshot: PopulationSnapshot) -> Bool {
        snapshot.computedAt.milliseconds(to: clock()) >= maximumAge
    }

    /// Whether a refresh of `window` started within the last two seconds: while another node computes
    /// it, a refresh here ends at once with the stored (stale) snapshot, and requests must not start
    /// one each.
    private func triedRecently(_ window: ScoringWindow) -> Bool {
        guard let attempt = attempts[window] else { return false }
        return attempt.milliseconds(to: clock()) < 2_000
    }

    private func remember(_ window: ScoringWindow) {
        recent.removeAll { $0 == window }
        recent.append(window)
        while recent.count > capacity {
            let forgotten = recent.removeFirst()
            snapshots[forgotten] = nil
            attempts[forgotten] = nil
        }
    }

    /// Starts computing `window` (or returns the computation running); `counted` when a request
    /// started it, so that it counts against `maximumConcurrentWork` until it ends.
    private func start(_ window: ScoringWindow, counted: Bool = false) -> Task<PopulationSnapshot, any Error> {
        if let task = running[window] { return task }
        attempts[window] = clock()
        let survey = self.survey
        let now = clock()
        let maximumAge = self.maximumAge
        let task = Task(executorPreference: executor) { try await survey.sharedSnapshot(of: window, now: now, maximumAge: maximumAge) }
        running[window] = task
        if counted { requestedWork += 1 }
        Task { await self.finish(window, task, counted: counted) }
        return task
    }

    private func finish(_ window: ScoringWindow, _ task: Task<PopulationSnapshot, any Error>, counted: Bool) async {
        let result = await task.result
        running[window] = nil
        if counted { requestedWork -= 1 }
        if case .success(let snapshot) = result, recent.contains(window) { snapshots[window] = snapshot }
    }
}
