public import Interactions
public import Logging
public import ServiceLifecycle
public import Store

/// Takes over the jobs whose node stopped: every half lease it looks for unfinished jobs no node has
/// saved within the lease, claims them and runs them on: import jobs from their last committed chunk,
/// export jobs from the start, on a new snapshot. With several nodes on one database, a job started on
/// a node that dies is finished by another (README, "PostgreSQL").
public struct JobWatcher: Service {
    /// What the log calls the jobs: `import`, `export`.
    let kind: String
    let leaseSeconds: Int64
    /// Takes the abandoned jobs over; what the log says of each.
    let resume: @Sendable () async throws -> [String]
    let logger: Logger
    let startup: StartupGate?

    public init<Store: HealthStore>(imports: ImportJobs<Store>, logger: Logger, startup: StartupGate? = nil) {
        kind = "import"
        leaseSeconds = imports.limits.leaseSeconds
        resume = { try await imports.resumeUnfinished().map { "\($0.id) after line \($0.linesDone)" } }
        self.logger = logger
        self.startup = startup
    }

    public init<Store: HealthStore>(exports: ExportJobs<Store>, logger: Logger, startup: StartupGate? = nil) {
        kind = "export"
        leaseSeconds = exports.limits.leaseSeconds
        resume = { try await exports.resumeUnfinished().map { "\($0.id), from the start (restart \($0.restarts))" } }
        self.logger = logger
        self.startup = startup
    }

    public func run() async {
        await cancelWhenGracefulShutdown {
            await startup?.wait()
            let interval = Duration.milliseconds(max(1_000, leaseSeconds * 500))
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do {
                    for job in try await resume() { logger.info("took over \(kind) job \(job)") }
                } catch {
                    // A shutdown cancels the look, which is no failure.
                    if !Task.isCancelled { logger.error("\(kind) jobs: looking for abandoned ones failed: \(error)") }
                }
            }
        }
    }
}
