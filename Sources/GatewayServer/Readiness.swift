import Synchronization

/// Whether this node should be sent traffic, as `/readyz` reports it to a load balancer or Kubernetes
/// (https://kubernetes.io/docs/reference/using-api/health-checks/): starting until the start-up work
/// is done (the store migrated, the samples loaded, jobs resumed), ready while it serves, draining from
/// the moment a shutdown begins. `/livez` answers whatever the phase: the process is alive.
public final class Readiness: Sendable {
    public enum Phase: String, Sendable {
        case starting, ready, draining
    }

    private let current: Mutex<Phase>

    /// A node begins as `starting`; tests that build a router without start-up work begin `ready`.
    public init(_ phase: Phase = .starting) {
        current = Mutex(phase)
    }

    public var phase: Phase { current.withLock { $0 } }

    /// The start-up work is done: serve. A node already draining stays draining.
    public func markReady() {
        current.withLock { if $0 == .starting { $0 = .ready } }
    }

    /// A shutdown began: `/readyz` answers 503 from now on.
    public func beginDraining() {
        current.withLock { $0 = .draining }
    }
}
