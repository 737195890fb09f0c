public import Foundation
public import NativeModel
public import Store
import Synchronization

/// The import jobs of one store: started from an NDJSON file, run in the background one chunk at a
/// time, looked up, cancelled and resumed after a restart. Files live in `folder`: the uploaded input
/// (`{id}.ndjson`, removed when the job completes) and the per-line errors (`{id}.errors.ndjson`).
public actor ImportJobs<Store: HealthStore> {
    public let store: Store
    public let folder: URL
    let chunkSize: Int
    public nonisolated let limits: ImportLimits
    let now: @Sendable () -> Instant
    let onProgress: (@Sendable (ImportJob) -> Void)?
    let onChunk: (@Sendable (ImportTally) -> Void)?
    let executor: (any TaskExecutor)?
    private var tasks: [String: Task<ImportJob, Never>] = [:]
    /// Jobs whose input is being uploaded: they hold a place among `limits.maximumConcurrentJobs`.
    private var uploading: Set<String> = []
    /// Set by `checkpointRunning`: every run stops after its current chunk.
    private nonisolated let stopping = Atomic<Bool>(false)
    /// This node's claims on jobs (`JobClaims`).
    let claims = JobClaims(prefix: "import-claim/", node: UUID().uuidString.lowercased())

    static var keyPrefix: String { "import-job/" }

    /// - Parameters:
    ///   - chunkSize: lines per atomic write; progress is saved after each.
    ///   - onProgress: told of the job after every chunk and when it ends (a CLI's progress bar).
    ///   - onChunk: told what each committed chunk did with its lines (the server's metrics).
    ///   - executor: where the jobs run (a server keeps them off its event loops); nil for the default.
    public init(store: Store, folder: URL, chunkSize: Int = 2_000, limits: ImportLimits = ImportLimits(),
                now: @escaping @Sendable () -> Instant = { .now() },
                onProgress: (@Sendable (ImportJob) -> Void)? = nil, onChunk: (@Sendable (ImportTally) -> Void)? = nil,
                executor: (any TaskExecutor)? = nil) {
        self.store = store
        self.folder = folder
        self.chunkSize = max(1, chunkSize)
        self.limits = limits
        self.now = now
        self.onProgress = onProgress
        self.onChunk = onChunk
        self.executor = executor
    }

    /// A new job id and the file its uploaded input goes to. The job holds a place among the
    /// `limits.maximumConcurrentJobs` from now on (`start` or `discardInput` ends the upload); when none
    /// is free, 429 with `Retry-After`, before anything is uploaded.
    public func newInput() throws -> (id: String, file: URL) {
        guard tasks.count + uploading.count < limits.maximumConcurrentJobs else {
            throw FHIRError.later(.tooManyRequests, retryAfter: ImportLimits.retryAfterSeconds,
                                  "\(limits.maximumConcurrentJobs) import jobs are running, as many as this server runs at "
                                      + "once (import.maxJobs); try again when one has finished")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let id = UUID().uuidString.lowercased()
        uploading.insert(id)
        return (id, folder.appendingPathComponent("\(id).ndjson"))
    }

    /// Gives up an input `newInput` made (its upload failed): removes the file, frees the place.
    public func discardInput(id: String, file: URL) {
        uploading.remove(id)
        try? FileManager.default.removeItem(at: file)
    }

    /// Starts importing NDJSON files, in order, in the background.
    public func start(id: String, inputs: [ImportInput], request: String, serverBase: String?) async throws -> ImportJob {
        defer { uploading.remove(id) }
        var job = ImportJob(id: id, request: request, serverBase: serverBase, inputs: inputs, submittedAt: now())
        job.claim = 1
        job.heartbeatAt = now()
        try await Self.save(job, in: store)
        launch(job)
        return job
    }

    /// Forgets the jobs that ended more than `limits.retentionSeconds` ago, and their files; returns
    /// how many.
    @discardableResult
    public func pruneFinished() async throws -> Int {
        let cutoff = now().adding(milliseconds: -limits.retentionSeconds * 1000)
        var pruned = 0
        for text in try await store.metadata(prefix: Self.keyPrefix).values {
            guard let job = try? JSONDecoder().decode(ImportJob.self, from: Data(text.utf8)),
                  job.status == .completed || job.status == .failed, let finished = job.finishedAt, finished < cutoff,
                  tasks[job.id] == nil
            else { continue }
            if try await remove(job.id) { pruned += 1 }
        }
        return pruned
    }

    /// The job as last saved; nil for an id never started or removed.
    public func job(_ id: String) async throws -> ImportJob? {
        guard let text = try await store.metadata(Self.key(id)) else { return nil }
        return try JSONDecoder().decode(ImportJob.self, from: Data(text.utf8))
    }

    /// The file of per-line OperationOutcomes.
    public nonisolated func errorFile(_ id: String) -> URL { folder.appendingPathComponent("\(id).errors.ndjson") }

    /// Waits for a running job to end (or stop, when cancelled); the saved job.
    public func wait(_ id: String) async throws -> ImportJob? {
        if let task = tasks[id] { _ = await task.value }
        return try await job(id)
    }

    /// Cancels a running job after its current chunk (what it committed stays) and forgets the job
    /// and its files; false when there is no such job.
    public func remove(_ id: String) async throws -> Bool {
        if let task = tasks[id] {
            task.cancel()
            _ = await task.value
        }
        guard let job = try await job(id) else { return false }
        try await store.apply(try await claims.removal(of: id, jobKey: Self.key(id), in: store))
        for input in job.inputs where input.owned { try? FileManager.default.removeItem(atPath: input.path) }
        try? FileManager.default.removeItem(at: errorFile(id))
        return true
    }

    /// How many times in a row a job is resumed at the same place before it is failed instead. A job
    /// that stopped the process while importing (a crash, a kill) is resumed, but one that stops it
    /// again at every start, without committing a chunk in between, would keep the server from ever
    /// serving: after this many tries it ends as failed, with what it committed kept.
    public static var maximumResumesWithoutProgress: Int { 3 }

    /// Takes over every unfinished job no node has saved for `limits.leaseSeconds` (its node stopped:
    /// this one after a restart, or another node that died), from its last committed chunk; returns
    /// them. Nodes that look at once each claim a job in the store (`JobClaims`), and only one wins it. A
    /// job resumed `maximumResumesWithoutProgress` times without progress is failed instead. The
    /// server calls this at start-up and then every half lease (`JobWatcher`).
    @discardableResult
    public func resumeUnfinished() async throws -> [ImportJob] {
        let saved = try await store.metadata(prefix: Self.keyPrefix).values.compactMap { text in
            try? JSONDecoder().decode(ImportJob.self, from: Data(text.utf8))
        }
        let staleBefore = now().adding(milliseconds: -limits.leaseSeconds * 1000)
        var resumed: [ImportJob] = []
        for job in saved where (job.status == .queued || job.status == .running) && tasks[job.id] == nil
            && job.heartbeatAt < staleBefore {
            guard var job = try await claims.claim(job, now: now(), in: store) else { continue }
            let tries = job.resumedAtBytes == job.bytesDone ? (job.resumesWithoutProgress ?? 0) + 1 : 1
            if tries > Self.maximumResumesWithoutProgress {
                job.status = .failed
                job.message = "The server stopped \(tries - 1) times while importing line \(job.linesDone + 1) or the lines "
                    + "after it, and the job made no progress in between; it is not resumed again. The lines before it "
                    + "are imported"
                job.finishedAt = now()
                try await Self.save(job, in: store)
                continue
            }
            (job.resumedAtBytes, job.resumesWithoutProgress) = (job.bytesDone, tries)
            try await Self.save(job, in: store)
            launch(job)
            resumed.append(job)
        }
        return resumed.sorted { $0.submittedAt < $1.submittedAt }
    }


    /// The jobs this node runs now.
    public var running: Int { tasks.count }

    /// For a graceful shutdown: stops every job this node runs after the chunk it is writing (whose
    /// progress is committed with it) and releases it, saved with its lease run out, so the next start
    /// or another node's next look resumes it at once. Returns the jobs as they stopped.
    public func checkpointRunning() async -> [ImportJob] {
        stopping.store(true, ordering: .relaxed)
        var stopped: [ImportJob] = []
        for (id, task) in tasks {
            let ended = await task.value
            guard ended.status == .running, var saved = try? await job(id), saved.status == .running,
                  saved.claim == ended.claim else { continue }
            saved.heartbeatAt = Instant(millisecondsSince1970: 0)
            do {
                try await Self.save(saved, in: store)
                stopped.append(saved)
            } catch {
                continue  // still resumed, once its lease runs out
            }
        }
        return stopped
    }

    private func launch(_ job: ImportJob) {
        var run = ImportRun(store: store, chunkSize: chunkSize, maximumLineBytes: limits.maximumLineBytes, now: now,
                            errorFile: errorFile(job.id), onProgress: onProgress)
        run.shouldStop = { [self] in stopping.load(ordering: .relaxed) }
        run.onChunk = onChunk
        run.executor = executor
        tasks[job.id] = Task.detached(executorPreference: executor) { [run] in await run.run(job) }
        Task { [id = job.id] in
            _ = await tasks[id]?.value
            finished(id)
        }
    }

    private func finished(_ id: String) {
        tasks[id] = nil
    }

    static func save(_ job: ImportJob, in store: Store) async throws {
        try await store.apply([.setMetadata(key: key(job.id), value: try metadataValue(job))])
    }

    /// The metadata key a job is kept under.
    static func key(_ id: String) -> String { keyPrefix + id }

    /// A job as its metadata value.
    static func metadataValue(_ job: ImportJob) throws -> String {
        String(decoding: try JSONEncoder().encode(job), as: UTF8.self)
    }
}
