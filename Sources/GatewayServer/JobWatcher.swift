public import Interactions
public import Logging
public import ServiceLifecycle
public import Store

/// Takes over the import jobs whose node stopped: every half lease (`import.leaseSeconds`) it looks
/// for unfinished jobs no node has saved within the lease, claims them and runs them on from their
/// last committed chunk. With several nodes on one database, a job started on a node that dies is
/// finished by another (README, "PostgreSQL").
public struct ImportJobWatcher<Store: HealthStore>: Service {
    let imports: ImportJobs<Store>
    let logger: Logger
    let startup: StartupGate?

    public init(imports: ImportJobs<Store>, logger: Logger, startup: StartupGate? = nil) {
        self.imports = imports
        self.logger = logger
        self.startup = startup
    }

    public func run() async {
        await cancelWhenGracefulShutdown {
            await startup?.wait()
            let interval = Duration.milliseconds(max(1_000, imports.limits.leaseSeconds * 500))
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                do {
                    for job in try await imports.resumeUnfinished() {
                        logger.info("took over import job \(job.id) after line \(job.linesDone)")
                    }
                } catch {
                    // A shutdown cancels the look, which is no failure.
                    if !Task.isCancelled { logger.error("import jobs: looking for abandoned ones failed: \(error)") }
                }
            }
        }
    }
}
