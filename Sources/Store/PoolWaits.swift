import Synchronization

/// How long store calls waited for a database connection (GRDB's reader or writer, a connection of
/// postgres-nio's pool) before their work began, told to whoever listens: `serve` records it in its
/// metrics (`store_pool_wait_seconds`). Process-wide, as a connection pool's pressure is; nothing
/// listens unless the server's metrics are on, and then a wait costs two clock reads and a histogram
/// update.
public enum PoolWaits {
    /// Which engine and which kind of access waited.
    public struct Access: Sendable, Hashable {
        public var engine: String
        public var kind: String

        public init(engine: String, kind: String) {
            self.engine = engine
            self.kind = kind
        }
    }

    /// The handler in a box: a function value kept in a `Mutex` directly is reabstracted on every
    /// `withLock` and written back wrapped in one more thunk, so each call got slower than the last
    /// (measured: a tenth of an Observation search's CPU after some minutes of searches).
    private final class Listener: Sendable {
        let handler: @Sendable (Access, Duration) -> Void
        init(_ handler: @escaping @Sendable (Access, Duration) -> Void) { self.handler = handler }
    }

    private static let listener = Mutex<Listener?>(nil)

    /// Sets the one listener (nil to stop listening).
    public static func listen(_ handler: (@Sendable (Access, Duration) -> Void)?) {
        let box = handler.map(Listener.init)
        listener.withLock { $0 = box }
    }

    /// Tells the listener that `access`, asked for at `asked`, has its connection now.
    public static func began(_ access: Access, asked: ContinuousClock.Instant) {
        guard let listening = listener.withLock({ $0 }) else { return }
        listening.handler(access, ContinuousClock.now - asked)
    }
}
