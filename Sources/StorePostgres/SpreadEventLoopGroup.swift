import Dispatch
import NIOCore
import NIOPosix

/// SwiftNIO's event loops, each asked for in turn: the group the store's PostgreSQL connections are
/// made on.
///
/// PostgresNIO's pool puts a new connection on the group's `any()` loop, and SwiftNIO's group answers
/// `any()` with the loop the caller runs on: the pool's one task made every connection on one loop,
/// whose thread then read all of PostgreSQL's replies and resumed every task that waited for them.
/// Here `any()` is `next()`: the connections take the loops in turn. With the reads of a batch
/// answered at home as well (`CallerHome`), the Observation search on PostgreSQL did 27% more under
/// `wrk` and the Patient read 15% more (BENCHMARKS.md, "PostgreSQL reads back on their own loops").
final class SpreadEventLoopGroup: EventLoopGroup {
    private let base: MultiThreadedEventLoopGroup

    init(_ base: MultiThreadedEventLoopGroup = .singleton) {
        self.base = base
    }

    func next() -> any EventLoop { base.next() }

    func any() -> any EventLoop { base.next() }

    func makeIterator() -> EventLoopIterator { base.makeIterator() }

    func shutdownGracefully(queue: DispatchQueue, _ callback: @escaping @Sendable ((any Error)?) -> Void) {
        base.shutdownGracefully(queue: queue, callback)
    }
}
