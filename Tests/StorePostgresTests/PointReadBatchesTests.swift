@testable import StorePostgres
import Synchronization
import Testing

/// Point reads gathered into batches: alone at once, together while a statement runs, each answered
/// with its own row, a failure for its batch only (a cancelled reader's for no one else), and no read
/// left waiting.
@Suite struct PointReadBatchesTests {
    /// A fetch that records the ids of each statement and, while `held`, waits for `release()`.
    final class RecordingFetch: Sendable {
        private let state = Mutex<(batches: [[Int64]], held: Bool, waiting: [CheckedContinuation<Void, Never>])>(([], false, []))
        let failing: Set<Int64>

        init(held: Bool = false, failing: Set<Int64> = []) {
            self.failing = failing
            state.withLock { $0.held = held }
        }

        var batches: [[Int64]] { state.withLock { $0.batches } }

        func release() {
            let waiting = state.withLock { state in
                state.held = false
                defer { state.waiting = [] }
                return state.waiting
            }
            for continuation in waiting { continuation.resume() }
        }

        /// Rows for the even ids ("id \(id)"); none for the odd ones.
        func fetch(_ ids: [Int64]) async throws -> [Int64: String] {
            await withCheckedContinuation { continuation in
                let held = state.withLock { state in
                    state.batches.append(ids.sorted())
                    if state.held { state.waiting.append(continuation) }
                    return state.held
                }
                if !held { continuation.resume() }
            }
            try Task.checkCancellation()  // as a pool lease or a statement of a cancelled task does
            if !failing.isDisjoint(with: ids) { throw Failure() }
            return Dictionary(uniqueKeysWithValues: ids.filter { $0 % 2 == 0 }.map { ($0, "id \($0)") })
        }
    }

    struct Failure: Error {}

    static func outcome(_ body: () async throws -> String?) async -> Result<String?, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    /// Waits, by turns rather than by the clock, until `count` reads queue behind the running statement.
    static func waitUntilQueued(_ batches: PointReadBatches<String>, _ count: Int) async throws {
        for _ in 0..<1_000_000 where batches.queued < count { await Task.yield() }
        try #require(batches.queued == count)
    }

    @Test func aReadAloneGoesOutAtOnceAndItsAnswerIsItsOwn() async throws {
        let batches = PointReadBatches<String>(maximumInFlight: 2)
        let fetch = RecordingFetch()
        #expect(try await batches.read(4, fetch: fetch.fetch) == "id 4")
        #expect(try await batches.read(5, fetch: fetch.fetch) == nil, "no row: nil")
        #expect(fetch.batches == [[4], [5]])
        #expect(batches.queued == 0)
    }

    @Test func readsArrivingWhileAStatementRunsGoOutAsOneBatch() async throws {
        let batches = PointReadBatches<String>(maximumInFlight: 1)
        let fetch = RecordingFetch(held: true)
        try await withThrowingTaskGroup(of: (Int64, String?).self) { group in
            group.addTask { (2, try await batches.read(2, fetch: fetch.fetch)) }
            for _ in 0..<1_000_000 where fetch.batches.isEmpty { await Task.yield() }
            for id: Int64 in [10, 11, 12, 12, 13, 14] {
                group.addTask { (id, try await batches.read(id, fetch: fetch.fetch)) }
            }
            try await Self.waitUntilQueued(batches, 6)
            fetch.release()
            var answers: [(Int64, String?)] = []
            for try await answer in group { answers.append(answer) }
            for (id, row) in answers {
                #expect(row == (id % 2 == 0 ? "id \(id)" : nil), "read \(id)")
            }
            #expect(answers.count == 7)
        }
        #expect(fetch.batches == [[2], [10, 11, 12, 13, 14]], "one statement for the six that waited, each id once")
        #expect(batches.queued == 0)
    }

    @Test func aBatchIsAtMostItsMaximumAndTheRestFollow() async throws {
        let batches = PointReadBatches<String>(maximumInFlight: 1, maximumBatch: 3)
        let fetch = RecordingFetch(held: true)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await batches.read(100, fetch: fetch.fetch) }
            for _ in 0..<1_000_000 where fetch.batches.isEmpty { await Task.yield() }
            for id: Int64 in 1...7 {
                group.addTask {
                    let row = try await batches.read(id, fetch: fetch.fetch)
                    #expect(row == (id % 2 == 0 ? "id \(id)" : nil))
                }
            }
            try await Self.waitUntilQueued(batches, 7)
            fetch.release()
            try await group.waitForAll()
        }
        #expect(fetch.batches.map(\.count) == [1, 3, 3, 1])
        #expect(Set(fetch.batches.dropFirst().flatMap { $0 }) == Set(1...7))
    }

    @Test func aCancelledReaderLeadingABatchDoesNotFailTheReadsItCarries() async throws {
        let batches = PointReadBatches<String>(maximumInFlight: 1)
        let fetch = RecordingFetch(held: true)
        let first = Task { try await batches.read(100, fetch: fetch.fetch) }
        for _ in 0..<1_000_000 where fetch.batches.isEmpty { await Task.yield() }
        let leader = Task { try await batches.read(2, fetch: fetch.fetch) }  // leads the next batch
        try await Self.waitUntilQueued(batches, 1)
        let carried = Task { try await batches.read(4, fetch: fetch.fetch) }
        try await Self.waitUntilQueued(batches, 2)
        leader.cancel()
        fetch.release()
        #expect(try await carried.value == "id 4", "the other read of the cancelled reader's batch")
        #expect(try await first.value == "id 100")
        _ = await Self.outcome { try await leader.value }
        #expect(fetch.batches == [[100], [2, 4]])
        #expect(batches.queued == 0)
    }

    @Test func aFailedStatementFailsItsOwnBatchOnlyAndTheNextStillRuns() async throws {
        let batches = PointReadBatches<String>(maximumInFlight: 1, maximumBatch: 2)
        let fetch = RecordingFetch(held: true, failing: [21])
        try await withThrowingTaskGroup(of: (Int64, Result<String?, any Error>).self) { group in
            group.addTask { (1, await Self.outcome { try await batches.read(1, fetch: fetch.fetch) }) }
            for _ in 0..<1_000_000 where fetch.batches.isEmpty { await Task.yield() }
            for (index, id) in [Int64(20), 21, 22, 24].enumerated() {  // queued in this order: [20, 21], then [22, 24]
                group.addTask { (id, await Self.outcome { try await batches.read(id, fetch: fetch.fetch) }) }
                try await Self.waitUntilQueued(batches, index + 1)
            }
            fetch.release()
            var failed: Set<Int64> = []
            var read: [Int64: String?] = [:]
            for try await (id, result) in group {
                switch result {
                case .success(let row): read[id] = row
                case .failure: failed.insert(id)
                }
            }
            #expect(failed == [20, 21], "the batch with 21 fails, both of its reads")
            #expect(read[22] == "id 22" && read[24] == "id 24", "the next batch runs")
        }
        #expect(batches.queued == 0)
        #expect(try await batches.read(6, fetch: fetch.fetch) == "id 6", "the slots are free again")
    }
}


/// Each read goes on where it was asked (`CallerHome`): answered through its home unless it is there.
@Suite struct PointReadBatchesHomeTests {
    /// A home that counts the work run through it, and runs it at once.
    final class RecordingHome: CallerHome {
        @TaskLocal static var current: RecordingHome?

        let isCurrent: Bool
        private let runs = Mutex(0)

        init(isCurrent: Bool) {
            self.isCurrent = isCurrent
        }

        var entered: Int { runs.withLock { $0 } }

        func execute(_ work: @escaping @Sendable () -> Void) {
            runs.withLock { $0 += 1 }
            work()
        }
    }

    /// Seven reads, each with a home of its own: one alone, six queued behind it (one batch, whose
    /// first leads it). Returns each read's row and how often its home ran its work.
    static func readAtHomes(atHome: Bool) async throws -> [Int64: (row: String?, entered: Int)] {
        let batches = PointReadBatches<String>(maximumInFlight: 1, home: { RecordingHome.current })
        let fetch = PointReadBatchesTests.RecordingFetch(held: true)
        let read: @Sendable (Int64) async throws -> (Int64, String?, Int) = { id in
            let home = RecordingHome(isCurrent: atHome)
            let row = try await RecordingHome.$current.withValue(home) { try await batches.read(id, fetch: fetch.fetch) }
            return (id, row, home.entered)
        }
        return try await withThrowingTaskGroup(of: (Int64, String?, Int).self) { group in
            group.addTask { try await read(2) }
            for _ in 0..<1_000_000 where fetch.batches.isEmpty { await Task.yield() }
            for id: Int64 in [10, 11, 12, 13, 14, 16] { group.addTask { try await read(id) } }
            try await PointReadBatchesTests.waitUntilQueued(batches, 6)
            fetch.release()
            var answers: [Int64: (row: String?, entered: Int)] = [:]
            for try await (id, row, entered) in group { answers[id] = (row, entered) }
            #expect(fetch.batches == [[2], [10, 11, 12, 13, 14, 16]])
            return answers
        }
    }

    @Test func everyReadIsAnsweredThroughItsHomeWhenItRunsElsewhere() async throws {
        let answers = try await Self.readAtHomes(atHome: false)
        #expect(answers.count == 7)
        for (id, answer) in answers {
            #expect(answer.row == (id % 2 == 0 ? "id \(id)" : nil), "read \(id)")
            #expect(answer.entered >= 1, "read \(id) went on at its home")
        }
    }

    @Test func aReadAlreadyAtHomeIsAnsweredInPlace() async throws {
        let answers = try await Self.readAtHomes(atHome: true)
        #expect(answers.count == 7)
        for (id, answer) in answers {
            #expect(answer.row == (id % 2 == 0 ? "id \(id)" : nil), "read \(id)")
            #expect(answer.entered == 0, "read \(id) needed no hop")
        }
    }
}
