public import NativeModel
public import Store

/// The population statistics the scores compare against, per window, kept off the request path.
///
/// A window's snapshot is computed once (concurrent requests share the one computation) and served
/// from memory; once older than `maximumAge` it is still served, with its age, while a refresh runs
/// in the background. `PopulationRefresher` (GatewayServer) also refreshes stale windows on a timer, so
/// statistics are never more than `maximumAge` plus one refresh behind the data.
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
    private var snapshots: [ScoringWindow: PopulationSnapshot] = [:]
    private var recent: [ScoringWindow] = []
    private var running: [ScoringWindow: Task<PopulationSnapshot, any Error>] = [:]

    public init(store: Store, maximumAgeSeconds: Int64 = 300, capacity: Int = 8,
                clock: @escaping @Sendable () -> Instant = { .now() }, executor: (any TaskExecutor)? = nil) {
        self.survey = PopulationSurvey(store: store)
        self.maximumAge = maximumAgeSeconds * 1000
        self.capacity = max(capacity, 1)
        self.clock = clock
        self.executor = executor
    }

    /// The statistics of `window`: from memory when known (refreshed in the background when stale),
    /// else computed now.
    public func snapshot(for window: ScoringWindow) async throws -> PopulationSnapshot {
        remember(window)
        if let snapshot = snapshots[window] {
            if isStale(snapshot) { _ = start(window) }
            return snapshot
        }
        return try await start(window).value
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

    /// The windows remembered, most recently asked for last.
    public var windows: [ScoringWindow] { recent }

    private func isStale(_ snapshot: PopulationSnapshot) -> Bool {
        snapshot.computedAt.milliseconds(to: clock()) >= maximumAge
    }

    private func remember(_ window: ScoringWindow) {
        recent.removeAll { $0 == window }
        recent.append(window)
        while recent.count > capacity { snapshots[recent.removeFirst()] = nil }
    }

    private func start(_ window: ScoringWindow) -> Task<PopulationSnapshot, any Error> {
        if let task = running[window] { return task }
        let survey = self.survey
        let now = clock()
        let task = Task(executorPreference: executor) { try await survey.snapshot(of: window, now: now) }
        running[window] = task
        Task { await self.finish(window, task) }
        return task
    }

    private func finish(_ window: ScoringWindow, _ task: Task<PopulationSnapshot, any Error>) async {
        let result = await task.result
        running[window] = nil
        if case .success(let snapshot) = result, recent.contains(window) { snapshots[window] = snapshot }
    }
}
