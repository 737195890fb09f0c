import Foundation
import Interactions
import NativeModel
import Store
import StoreTestSupport
import Synchronization
import Testing

/// Import jobs across nodes: a job whose node stopped saving it is taken over by exactly one other
/// node once its lease runs out, and finished from its last committed chunk; a live job is left to
/// its node. Two `ImportJobs` on one store are two nodes (on PostgreSQL with
/// `HEALTH_GATEWAY_TEST_ENGINE=postgres`, exactly as two processes would be).
@Suite struct ImportTakeoverTests {
    /// A clock the test moves.
    final class Clock: Sendable {
        private let milliseconds: Atomic<Int64>
        init(_ start: Instant) { milliseconds = Atomic(start.millisecondsSince1970) }
        var now: Instant { Instant(millisecondsSince1970: milliseconds.load(ordering: .relaxed)) }
        func advance(seconds: Int64) { milliseconds.add(seconds * 1000, ordering: .relaxed) }
    }

    /// Runs `body` with the sample export in a folder of its own (removed afterwards) and its size.
    static func withSample(_ body: @Sendable (URL, Int64, URL) async throws -> Void) async throws {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try ImportJobTests.sampleFile(in: folder)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber).int64Value
        try await body(file, size, folder)
    }

    @Test func anAbandonedJobIsTakenOverByOneNodeOnceItsLeaseRunsOut() async throws {
        try await Self.withSample { file, size, folder in
            try await TestStores.withStore { store in try await Self.takeOver(on: store, file: file, size: size, folder: folder) }
        }
    }

    static func takeOver(on store: some HealthStore, file: URL, size: Int64, folder: URL) async throws {
        do {
            // What a node that died leaves: the job running under its claim, saved at `TestGateway.now`.
            var job = ImportJob(id: "abandoned", request: "test", serverBase: nil,
                                inputs: [ImportInput(path: file.path, bytes: size, owned: false)], submittedAt: TestGateway.now)
            job.status = .running
            job.claim = 1
            job.heartbeatAt = TestGateway.now
            try await store.apply([.setMetadata(key: "import-job/abandoned",
                                                value: String(decoding: try JSONEncoder().encode(job), as: UTF8.self))])
            let clock = Clock(TestGateway.now.adding(milliseconds: 10_000))
            let nodes = (0..<2).map { _ in ImportJobs(store: store, folder: folder, chunkSize: 10, now: { clock.now }) }

            for node in nodes { #expect(try await node.resumeUnfinished().isEmpty, "10 s after its last save it is its node's") }

            clock.advance(seconds: 21)
            let taken = try await withThrowingTaskGroup(of: [ImportJob].self) { group in
                for node in nodes { group.addTask { try await node.resumeUnfinished() } }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(taken.map(\.id) == ["abandoned"], "one node takes it, not both")
            var finished: ImportJob?
            for node in nodes { if let job = try await node.wait("abandoned"), job.status == .completed { finished = job } }
            let done = try #require(finished)
            #expect(done.claim == 2)
            #expect(done.counts.total(of: "Patient").imported == 3)
            #expect(done.counts.total.failed == 0)
            #expect(try await store.rowCounts()[.users] == 3)
        }
    }

    /// A run whose job another node claimed meanwhile (this node stalled past its lease) stops before
    /// its next chunk: two nodes never run one job.
    @Test func aRunWhoseJobWasClaimedElsewhereStops() async throws {
        try await Self.withSample { file, size, folder in
            try await TestStores.withStore { store in
                try await Self.claimedElsewhere(on: store, file: file, size: size, folder: folder)
            }
        }
    }

    static func claimedElsewhere(on store: some HealthStore, file: URL, size: Int64, folder: URL) async throws {
        do {
            let gate = Mutex(false)
            let node = ImportJobs(store: store, folder: folder, chunkSize: 5, now: { TestGateway.now },
                                  onProgress: { job in
                                      // After its first chunk, another node claims the job.
                                      guard job.status == .running, !gate.withLock({ let was = $0; $0 = true; return was }) else { return }
                                      var claimed = job
                                      claimed.claim = (job.claim ?? 0) + 1
                                      let value = String(decoding: (try? JSONEncoder().encode(claimed)) ?? Data(), as: UTF8.self)
                                      let done = DispatchSemaphore(value: 0)
                                      Task {
                                          _ = try? await store.apply([.setMetadata(key: "import-job/\(job.id)", value: value)])
                                          done.signal()
                                      }
                                      done.wait()
                                  })
            let (id, _) = try await node.newInput()
            _ = try await node.start(id: id, inputs: [ImportInput(path: file.path, bytes: size, owned: false)],
                                     request: "test", serverBase: nil)
            let saved = try #require(try await node.wait(id))
            #expect(saved.claim == 2, "the other node's claim stands")
            #expect(saved.linesDone == 5, "this run stopped after the chunk it was writing")
        }
    }
}
