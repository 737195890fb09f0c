import Dispatch

/// The executor of the gateway's long work: the population statistics of `$health-score` and the
/// scores against them, and bulk imports. Its tasks run on a concurrent dispatch queue of their own, so that they never hold an
/// event loop.
///
/// `serve` runs Swift concurrency on SwiftNIO's event loops (`--executor event-loops`): a request's
/// handler runs where its connection is read and written. A task that computes for a long time without
/// suspending would hold its event loop, and every connection on it, that long: the statistics of a
/// 100,000-patient population (about 12 s of two cores) made the trivial route's p99 at 64 connections
/// 115 ms instead of 6 ms in the benchmark harness. Here the operating system shares the cores between
/// this work and the event loops instead, a time slice at a time (SE-0417 task executor preference).
final class BackgroundExecutor: TaskExecutor {
    static let shared = BackgroundExecutor()

    private let queue = DispatchQueue(label: "healthgateway.background", qos: .utility, attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
