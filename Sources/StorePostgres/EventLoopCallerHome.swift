import NIOCore
import NIOPosix

/// A caller's home when it runs on one of SwiftNIO's event loops (`serve`, `--executor event-loops`):
/// a task resumed from this loop's thread stays on this loop.
struct EventLoopCallerHome: CallerHome {
    let loop: any EventLoop

    /// The loop the caller runs on; nil off the loops (the tests, the CLI, the background executor).
    static func current() -> EventLoopCallerHome? {
        MultiThreadedEventLoopGroup.currentEventLoop.map(EventLoopCallerHome.init)
    }

    var isCurrent: Bool { loop.inEventLoop }

    func execute(_ work: @escaping @Sendable () -> Void) {
        loop.execute(work)
    }
}
