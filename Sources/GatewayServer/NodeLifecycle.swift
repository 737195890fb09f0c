import Logging
import ServiceLifecycle

/// The node's own start and end, as a service of the application (added last, so a graceful shutdown
/// reaches it right after the HTTP server has finished the requests in flight):
/// - start: the start-up work (migrations, samples, resuming jobs) while the server already listens,
///   so `/livez` answers and everything else gets 503 until it is done; then `/readyz` turns 200 and
///   the background services start;
/// - end: the running jobs checkpoint (an import stops after the chunk it is writing, whose progress
///   is committed with it, and is released so the next start, or another node at once, resumes it; an
///   export is released to start over), then the services before it stop, the store last.
struct NodeLifecycle: Service {
    let readiness: Readiness
    let startup: StartupGate
    let logger: Logger
    /// Migrates, loads the samples, resumes jobs; a failure stops the node.
    let start: @Sendable () async throws -> Void
    /// Checkpoints the running jobs; what it says of them.
    let checkpoint: @Sendable () async -> [String]

    func run() async throws {
        try await start()
        readiness.markReady()
        startup.open()
        logger.info("ready")
        try? await gracefulShutdown()
        for job in await checkpoint() { logger.info("checkpointed \(job)") }
    }
}
