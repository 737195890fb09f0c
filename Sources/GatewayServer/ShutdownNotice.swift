import Logging
import ServiceLifecycle

/// The first thing a graceful shutdown reaches (the last service of the outer group): `/readyz` turns
/// 503, and for `drainDelay` the node keeps serving while load balancers notice and stop sending it
/// requests (Kubernetes removes a terminating pod from its Service's endpoints asynchronously, so a
/// listener closed at once refuses requests still routed to it). Then the application stops.
struct ShutdownNotice: Service {
    let readiness: Readiness
    let drainDelay: Duration
    let logger: Logger

    func run() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            return  // cancelled: the group ends without a graceful shutdown
        }
        readiness.beginDraining()
        logger.notice("shutting down: /readyz answers 503; serving \(drainDelay) more, then finishing the requests in flight")
        if drainDelay > .zero { try? await Task.sleep(for: drainDelay) }
    }
}
