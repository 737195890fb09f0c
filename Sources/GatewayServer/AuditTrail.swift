import Foundation
import Logging
import NativeModel
import Store
import Synchronization

/// Where audit records go (issue 23): the store's append-only trail and, with `--audit-log`, a stream of
/// JSON lines for a SIEM. A write's record is appended in the write's own transaction (`AuditScope.hook`);
/// every other record (reads, refusals, failed writes) is queued here and appended in batches, every
/// `interval` (2 s by default), in one transaction each, so that reads do not wait for a write of their
/// own; each commit makes SQLite's readers drop their page caches, so the interval is what reads pay. A batch that
/// cannot be appended (the store is down) is kept, up to `maximumPending` records, and tried again.
public final class AuditTrail: Sendable {
    /// How many records may wait for the store; past it the oldest are dropped, and said so in the log.
    static let maximumPending = 100_000

    let store: any HealthStore
    /// nil: each record is appended before the answer goes (what tests use, to read it back at once).
    let interval: Duration?
    let stream: AuditStream?
    let logger: Logger

    private struct Queue {
        var pending: [AuditRecord] = []
        var flushing = false
    }

    private let queue = Mutex(Queue())

    init(store: any HealthStore, interval: Duration?, stream: AuditStream?, logger: Logger) {
        self.store = store
        self.interval = interval
        self.stream = stream
        self.logger = logger
    }

    /// Records a request that left no record in a write transaction.
    func record(_ record: AuditRecord) async {
        self.stream(record)
        guard let interval else {
            do {
                try await store.appendAudit([record])
            } catch {
                logger.error("audit: a record could not be appended: \(error)")
            }
            return
        }
        let startFlusher = queue.withLock { queue in
            queue.pending.append(record)
            if queue.pending.count > Self.maximumPending { queue.pending.removeFirst(queue.pending.count - Self.maximumPending) }
            guard !queue.flushing else { return false }
            queue.flushing = true
            return true
        }
        if startFlusher {
            Task.detached { [self] in await flushLoop(every: interval) }
        }
    }

    /// Sends a record to the stream, if there is one.
    func stream(_ record: AuditRecord) {
        stream?.write(record)
    }

    /// Appends what is queued, every `interval`, until the queue is empty.
    private func flushLoop(every interval: Duration) async {
        while true {
            try? await Task.sleep(for: interval)
            guard await flush() else { return }
        }
    }

    /// Appends the queued records now; returns whether the flusher should go on (records remain).
    @discardableResult
    func flush() async -> Bool {
        let batch = queue.withLock { queue in
            let batch = queue.pending
            queue.pending = []
            if batch.isEmpty { queue.flushing = false }
            return batch
        }
        guard !batch.isEmpty else { return false }
        do {
            try await store.appendAudit(batch)
        } catch {
            logger.error("audit: \(batch.count) records could not be appended (kept, tried again): \(error)")
            queue.withLock { queue in
                queue.pending.insert(contentsOf: batch, at: 0)
                if queue.pending.count > Self.maximumPending {
                    queue.pending.removeFirst(queue.pending.count - Self.maximumPending)
                }
            }
        }
        return true
    }
}
