public import Access
public import Foundation
public import NativeModel
public import Store

/// The export jobs of one store: kicked off, run in the background a page at a time, looked up by
/// their holder, cancelled, expired, and started over after their node stops. Each job writes its files
/// in `folder/{id}/`; with several nodes the folder is shared (DEPLOY.md), as the import folder is.
public actor ExportJobs<Store: HealthStore> {
    public let store: Store
    public let folder: URL
    public nonisolated let limits: ExportLimits
    let now: @Sendable () -> Instant
    let executor: (any TaskExecutor)?
    /// Told of each job that ends on this node, completed or failed (the server's metrics).
    let onFinish: (@Sendable (ExportJob) -> Void)?
    private var tasks: [String: Task<ExportJob, Never>] = [:]
    /// This node's claims on jobs (`JobClaims`).
    let claims = JobClaims(prefix: "export-claim/", node: UUID().uuidString.lowercased())

    static var keyPrefix: String { "export-job/" }

    public init(store: Store, folder: URL, limits: ExportLimits = ExportLimits(),
                now: @escaping @Sendable () -> Instant = { .now() }, executor: (any TaskExecutor)? = nil,
                onFinish: (@Sendable (ExportJob) -> Void)? = nil) {
        self.store = store
        self.onFinish = onFinish
        self.folder = folder
        self.limits = limits
        self.now = now
        self.executor = executor
    }

    /// Starts an export in the background; 429 with `Retry-After` when `limits.maximumConcurrentJobs`
    /// run already.
    public func start(_ request: ExportRequest, access: AccessPolicy, serverBase: String) async throws -> ExportJob {
        guard tasks.count < limits.maximumConcurrentJobs else {
            throw FHIRError.later(.tooManyRequests, retryAfter: ExportLimits.retryAfterSeconds,
                                  "\(limits.maximumConcurrentJobs) exports are running, as many as this server runs at once "
                                      + "(export.maxJobs); try again when one has finished")
        }
        var job = ExportJob(id: UUID().uuidString.lowercased(), request: request, access: access, serverBase: serverBase,
                            submittedAt: now())
        job.claim = 1
        job.heartbeatAt = now()
        try await save(job)
        launch(job)
        return job
    }

    /// The job as last saved, if `access` holds it (nil for another holder's job, as for none).
    public func job(_ id: String, for access: AccessPolicy) async throws -> ExportJob? {
        guard let job = try await job(id), job.belongs(to: access) else { return nil }
        return job
    }

    /// The job as last saved; nil for an id never started or removed.
    public func job(_ id: String) async throws -> ExportJob? {
        guard Self.isJobID(id), let text = try await store.metadata(Self.key(id)) else { return nil }
        return try JSONDecoder().decode(ExportJob.self, from: Data(text.utf8))
    }

    /// A file of a job: its path, when the job is `access`'s, complete, and lists the file.
    public func file(_ name: String, of id: String, for access: AccessPolicy) async throws -> (job: ExportJob, url: URL)? {
        guard let job = try await job(id, for: access), job.status == .completed,
              job.outputs.contains(where: { $0.file == name }) || (name == ExportJob.warningsFile && !job.request.warnings.isEmpty)
        else { return nil }
        return (job, jobFolder(id).appendingPathComponent(name))
    }

    /// Waits for a running job to end; the saved job.
    public func wait(_ id: String) async throws -> ExportJob? {
        if let task = tasks[id] { _ = await task.value }
        return try await job(id)
    }

    /// Cancels the job if it runs (on this node; a run on another node stops at its next save, finding
    /// the job gone) and removes it and its files; false when there is no such job.
    public func remove(_ id: String) async throws -> Bool {
        if let task = tasks[id] {
            task.cancel()
            _ = await task.value
        }
        guard try await job(id) != nil else { return false }
        try await store.apply(try await claims.removal(of: id, jobKey: Self.key(id), in: store))
        try? FileManager.default.removeItem(at: jobFolder(id))
        return true
    }

    /// Removes the jobs that finished more than `limits.expirySeconds` ago, and their files; returns how many.
    @discardableResult
    public func pruneExpired() async throws -> Int {
        let cutoff = now().adding(milliseconds: -limits.expirySeconds * 1000)
        var pruned = 0
        for job in try await savedJobs() where job.status == .completed || job.status == .failed {
            guard let finished = job.finishedAt, finished < cutoff, tasks[job.id] == nil else { continue }
            if try await remove(job.id) { pruned += 1 }
        }
        return pruned
    }

    /// Takes over every unfinished job no node has saved for `limits.leaseSeconds`, and starts it over
    /// (a new snapshot: its files so far were never published, so nothing a client saw changes); one
    /// started over `maximumRestarts` times already is failed instead. Returns the jobs started over.
    @discardableResult
    public func resumeUnfinished() async throws -> [ExportJob] {
        let staleBefore = now().adding(milliseconds: -limits.leaseSeconds * 1000)
        var resumed: [ExportJob] = []
        for job in try await savedJobs() where (job.status == .queued || job.status == .running) && tasks[job.id] == nil
            && job.heartbeatAt < staleBefore {
            guard var job = try await claims.claim(job, now: now(), in: store) else { continue }
            job.restarts += 1
            guard job.restarts <= ExportJob.maximumRestarts else {
                job.status = .failed
                job.message = "The server stopped \(job.restarts) times while this export ran; it is not started again. "
                    + "Kick the export off again"
                job.finishedAt = now()
                try await save(job)
                continue
            }
            job.status = .queued
            try await save(job)
            launch(job)
            resumed.append(job)
        }
        return resumed.sorted { $0.submittedAt < $1.submittedAt }
    }


    /// The jobs this node runs now.
    public var running: Int { tasks.count }

    /// For a graceful shutdown: cancels every export this node runs and releases it, saved with its
    /// lease run out, so the next start or another node's next look starts it over at once (an export
    /// is not resumed midway: it reads one snapshot). Returns the jobs' ids.
    public func releaseRunning() async -> [String] {
        var released: [String] = []
        for (id, task) in tasks {
            task.cancel()
            let ended = await task.value
            guard var saved = try? await job(id), saved.status == .queued || saved.status == .running,
                  saved.claim == ended.claim else { continue }
            saved.heartbeatAt = Instant(millisecondsSince1970: 0)
            if (try? await save(saved)) != nil { released.append(id) }
        }
        return released
    }

    private func launch(_ job: ExportJob) {
        let store = store
        let claim = job.claim
        let run = ExportRun(store: store, folder: jobFolder(job.id), linesPerFile: limits.resourcesPerFile,
                            pageSize: limits.pageSize, now: now) { job in
            // The run goes on only while the job is still there and still its claim's.
            guard let saved = try await store.metadata(Self.key(job.id)),
                  let current = try? JSONDecoder().decode(ExportJob.self, from: Data(saved.utf8)), current.claim == claim
            else { return false }
            try await store.apply([.setMetadata(key: Self.key(job.id), value: try Self.metadataValue(job))])
            return true
        }
        tasks[job.id] = Task.detached(executorPreference: executor) { await run.run(job) }
        Task { [id = job.id, onFinish] in
            if let ended = await tasks[id]?.value, ended.status == .completed || ended.status == .failed { onFinish?(ended) }
            finished(id)
        }
    }

    private func finished(_ id: String) {
        tasks[id] = nil
    }

    private func savedJobs() async throws -> [ExportJob] {
        try await store.metadata(prefix: Self.keyPrefix).values.compactMap { text in
            try? JSONDecoder().decode(ExportJob.self, from: Data(text.utf8))
        }
    }

    private func save(_ job: ExportJob) async throws {
        try await store.apply([.setMetadata(key: Self.key(job.id), value: try Self.metadataValue(job))])
    }

    /// The folder of one job's files.
    public nonisolated func jobFolder(_ id: String) -> URL { folder.appendingPathComponent(id, isDirectory: true) }

    /// Job ids are UUIDs: anything else never names a job (nor a path).
    static func isJobID(_ id: String) -> Bool { UUID(uuidString: id) != nil }

    static func key(_ id: String) -> String { keyPrefix + id }

    static func metadataValue(_ job: ExportJob) throws -> String {
        String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
    }
}
