import Synchronization

/// Whether this node should be sent traffic, as `/readyz` reports it to a load balancer or Kubernetes
/// (https://kubernetes.io/docs/reference/using-api/health-checks/): starting until the start-up work
/// is done (the store migrated, the samples loaded, jobs resumed), ready while it serves, draining from
/// the moment a shutdown begins. `/livez` answers whatever the phase: the process is alive.
public final class Readiness: Sendable {
    public enum Phase: UInt8, Sendable {
        case starting, ready, draining
    }

    /// Read by every request (`StartupGateMiddleware`): an atomic, not a lock.
    private let current: Atomic<UInt8>

    /// A node begins as `starting`; tests that build a router without start-up work begin `ready`.
    public init(_ phase: Phase = .starting) {
        current = Atomic(phase.rawValue)
    }

    public var phase: Phase { Phase(rawValue: current.load(ordering: .acquiring)) ?? .draining }

    /// The start-up work is done: serve. A node already draining stays draining.
    public func markReady() {
        _ = current.compareExchange(expected: Phase.starting.rawValue, desired: Phase.ready.rawValue,
                                    ordering: .acquiringAndReleasing)
    }

    /// A shutdown began: `/readyz` answers 503 from now on.
    public func beginDraining() {
        current.store(Phase.draining.rawValue, ordering: .releasing)
    }
}
