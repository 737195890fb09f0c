import NIOCore
import NIOPosix
@testable import StorePostgres
import Testing

/// The store's connections take the event loops in turn, even when the pool asks from a loop.
@Suite struct SpreadEventLoopGroupTests {
    /// The loops `any()` gives when asked `times` times from a task running on `group`'s first loop.
    static func loopsFromALoop(_ group: any EventLoopGroup, on loops: MultiThreadedEventLoopGroup, times: Int) throws
        -> Set<ObjectIdentifier>
    {
        let first = loops.next()
        return try first.submit { Set((0..<times).map { _ in ObjectIdentifier(group.any()) }) }.wait()
    }

    @Test func anyGivesEveryLoopInTurnWhereSwiftNIOsGroupGivesTheCallersOwn() throws {
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 3)
        defer { try? loops.syncShutdownGracefully() }
        #expect(try Self.loopsFromALoop(loops, on: loops, times: 6).count == 1, "SwiftNIO's any() is the caller's loop")
        let spread = SpreadEventLoopGroup(loops)
        #expect(try Self.loopsFromALoop(spread, on: loops, times: 6).count == 3, "every loop, in turn")
        let all = Set(loops.makeIterator().map { ObjectIdentifier($0) })
        #expect(Set(spread.makeIterator().map { ObjectIdentifier($0) }) == all)
    }
}
