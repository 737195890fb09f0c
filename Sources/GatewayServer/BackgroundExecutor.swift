import Foundation

/// The executor of the gateway's long work: the population statistics of `$health-score` and the
/// scores against them, population-wide `$stats`, and bulk imports. Its jobs run on a fixed number of
/// threads of its own (one per core), so that they never hold an event loop and never take more
/// threads than that, however much work is queued.
///
/// `serve` runs Swift concurrency on SwiftNIO's event loops (`--executor event-loops`): a request's
/// handler runs where its connection is read and written. A task that computes for a long time without
/// suspending would hold its event loop, and every connection on it, that long: the statistics of a
/// 100,000-patient population (about 12 s of two cores) made the trivial route's p99 at 64 connections
/// 115 ms instead of 6 ms in the benchmark harness. Here the operating system shares the cores between
/// this work and the event loops instead, a time slice at a time (SE-0417 task executor preference).
/// The threads run at a lower priority than the event loops (`nice`-like `utility` quality of service).
final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    static let shared = BackgroundExecutor(threads: ProcessInfo.processInfo.activeProcessorCount)

    /// The number of threads: the most jobs that run at once.
    let threads: Int
    private let condition = NSCondition()
    private var queue: [UnownedJob] = []
    private var head = 0

    init(threads: Int) {
        self.threads = max(1, threads)
        for index in 0..<self.threads {
            let thread = Thread { self.work() }  // the threads keep the executor: both live as long as the process
            thread.name = "healthgateway.background.\(index)"
            thread.qualityOfService = .utility
            thread.start()
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// A thread's life: take the oldest job, run it, repeat; the executor lives as long as the process.
    private func work() {
        while true {
            condition.lock()
            while head == queue.count { condition.wait() }
            let job = queue[head]
            head += 1
            if head > 1_024, head * 2 > queue.count {  // drop what was run, now and then, not at every job
                queue.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
