public import Hummingbird
public import Logging
import ServiceLifecycle
import UnixSignals

/// Runs the application until SIGTERM or SIGINT, then shuts it down gracefully: `/readyz` turns 503
/// at once, the node serves for `drainDelay` more, the listener closes and the requests in flight
/// finish, the jobs checkpoint, the store closes, and `run` returns (the process exits 0). Past
/// `deadline` from the signal, what is still running is cancelled.
public struct GatewayRunner: Sendable {
    public var readiness: Readiness
    public var drainDelay: Duration
    public var deadline: Duration

    public init(readiness: Readiness, drainDelay: Duration = .zero, deadline: Duration = .seconds(30)) {
        self.readiness = readiness
        self.drainDelay = drainDelay
        self.deadline = deadline
    }

    public func run(_ application: some ApplicationProtocol, logger: Logger) async throws {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: application),
                       .init(service: ShutdownNotice(readiness: readiness, drainDelay: drainDelay, logger: logger))],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = deadline
        try await ServiceGroup(configuration: configuration).run()
        logger.info("stopped")
    }
}
