import Synchronization

/// Reads of single rows by primary key that arrive together, answered by one statement each batch.
///
/// While fewer than `maximumInFlight` statements run, a read goes out at once, alone: an idle server
/// adds no wait. Past that, reads queue; when a statement returns, the reads queued meanwhile (at most
/// `maximumBatch`) go out as the next one (`WHERE id = ANY($1)`), run by the first of them. Under load
/// a round trip to PostgreSQL, its Bind/Execute, the executor's start and the wake-ups on both sides of
/// the socket are paid once per batch instead of once per read. A read waits at most for the statement
/// in flight when it arrived, then for its own; it sees every write committed before it was asked,
/// because its statement starts after that.
///
/// The same idea as DataLoader's batching, without its timer: batches form only while the database is
/// busy.
///
/// Each read goes on, after its answer, where it was asked (`home`, `CallerHome`): in `serve`, the
/// event loop of its request rather than the loop that received the batch's rows.
final class PointReadBatches<Row: Sendable>: Sendable {
    /// Reads the rows of `ids` (distinct), keyed by id; ids without a row are absent.
    typealias Fetch = @Sendable (_ ids: [Int64]) async throws -> [Int64: Row]

    let maximumInFlight: Int
    let maximumBatch: Int
    /// Where the caller runs now, asked as a read begins; nil where that does not matter (off the loops).
    let home: @Sendable () -> (any CallerHome)?
    private let state = Mutex(State())

    init(maximumInFlight: Int, maximumBatch: Int = 256, home: @escaping @Sendable () -> (any CallerHome)? = { nil }) {
        self.maximumInFlight = max(maximumInFlight, 1)
        self.maximumBatch = max(maximumBatch, 1)
        self.home = home
    }

    /// The row with primary key `id`, nil when there is none; `fetch` reads a batch.
    func read(_ id: Int64, fetch: @escaping Fetch) async throws -> Row? {
        let own = Waiting(id: id, home: home(), continuation: nil)  // the caller's read, when it runs the statement
        if state.withLock({ takeSlot(&$0) }) { return try await run([own], fetch: fetch) }
        // Taking a slot and queueing are one step under the lock: a statement that ends meanwhile either
        // leaves its slot free or hands it to this read.
        let answer = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Answer, any Error>) in
            let leads = state.withLock { state in
                if takeSlot(&state) { return true }
                state.queue.append(Waiting(id: id, home: own.home, continuation: continuation))
                return false
            }
            if leads { continuation.resume(returning: .lead([own])) }
        }
        switch answer {
        case .row(let row): return row
        case .lead(let batch): return try await run(batch, fetch: fetch)
        }
    }

    /// A statement's slot, when one is free.
    private func takeSlot(_ state: inout State) -> Bool {
        guard state.inFlight < maximumInFlight else { return false }
        state.inFlight += 1
        return true
    }

    /// Runs the statement of `batch` (its first read is the caller's own and has no continuation),
    /// answers the others, hands the slot to the next batch, and returns the caller's row.
    ///
    /// A batch of others' reads as well runs in a task of its own: the caller's cancellation (a pool
    /// lease given up, a statement cancelled) is the caller's, and must not fail the reads it carries.
    private func run(_ batch: [Waiting], fetch: @escaping Fetch) async throws -> Row? {
        let ids = Array(Set(batch.map(\.id)))
        let result: Result<[Int64: Row], any Error>
        if batch.count == 1 {
            result = await Self.outcome(of: ids, fetch)
        } else {
            result = await Task { await Self.outcome(of: ids, fetch) }.value
        }
        handOver()
        for waiting in batch.dropFirst() { answer(waiting, with: result.map { .row($0[waiting.id]) }) }
        await batch[0].home?.enter()  // the caller goes on at home, not on the loop that received the rows
        return try result.get()[batch[0].id]
    }

    /// Resumes a waiting read with `answer`, at its home.
    private func answer(_ waiting: Waiting, with answer: Result<Answer, any Error>) {
        guard let continuation = waiting.continuation else { return }
        guard let home = waiting.home, !home.isCurrent else { return continuation.resume(with: answer) }
        home.execute { continuation.resume(with: answer) }
    }

    /// The rows of `ids`, or the error that reading them threw.
    private static func outcome(of ids: [Int64], _ fetch: Fetch) async -> Result<[Int64: Row], any Error> {
        do {
            return .success(try await fetch(ids))
        } catch {
            return .failure(error)
        }
    }

    /// The reads queued while a statement ran become the next batch, led by the first of them; with
    /// none queued, the slot is free.
    private func handOver() {
        let next = state.withLock { state -> [Waiting]? in
            guard !state.queue.isEmpty else {
                state.inFlight -= 1
                return nil
            }
            guard state.queue.count > maximumBatch else {
                defer { state.queue = [] }
                return state.queue
            }
            let batch = Array(state.queue.prefix(maximumBatch))
            state.queue.removeFirst(maximumBatch)
            return batch
        }
        guard let next, let leader = next.first else { return }
        answer(leader, with: .success(.lead([Waiting(id: leader.id, home: leader.home, continuation: nil)] + next.dropFirst())))
    }

    /// How many reads wait for a statement (for tests).
    var queued: Int { state.withLock { $0.queue.count } }

    private enum Answer: Sendable {
        case row(Row?)
        /// Run this batch: the reader's own read first.
        case lead([Waiting])
    }

    private struct Waiting: Sendable {
        let id: Int64
        let home: (any CallerHome)?
        let continuation: CheckedContinuation<Answer, any Error>?
    }

    private struct State: Sendable {
        var inFlight = 0
        var queue: [Waiting] = []
    }
}
