import ArgumentParser
import NIOCore
import NIOPosix

/// Where `serve` runs Swift concurrency's tasks: `--executor event-loops|swift`.
///
/// With `event-loops` (the default), SwiftNIO's event loops become Swift concurrency's global executor
/// (`NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor`, SwiftNIO
/// pull request 2564). A request's handler then runs on the event loop thread that read it and writes
/// its response there, where Swift's own pool would take each request to one of its threads and back:
/// two thread switches a request. On the 100,000-patient benchmark database a FHIR Patient read went
/// from 175–184 to 110–135 µs of server CPU a request (BENCHMARKS.md, session 8).
///
/// The trade-off is SwiftNIO's: the setting is process-wide, and a task that blocks its thread also
/// holds up the connections of that event loop. The gateway's tasks block only for short reads of
/// SQLite (a row, a page: the `ShortReaders`); longer ones go to GRDB's own threads. `swift` keeps
/// Swift's default pool, for comparison or for code that waits on event loop futures.
enum ConcurrencyExecutor: String, CaseIterable, ExpressibleByArgument, LosslessStringConvertible {
    case eventLoops = "event-loops"
    case swift

    static let variable = "HEALTH_GATEWAY_EXECUTOR"

    init?(_ description: String) {
        self.init(rawValue: description)
    }

    var description: String { rawValue }

    /// Makes this the executor of every task started from now on. Call once, before the server starts.
    func install() throws {
        guard self == .eventLoops else { return }
        guard NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor() else {
            throw ValidationError("--executor event-loops is not supported by this Swift runtime; use --executor swift")
        }
    }
}
