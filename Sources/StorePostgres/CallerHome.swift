/// Where a read waiting in `PointReadBatches` goes on once its batch is answered: in `serve`, the
/// event loop its request runs on (`EventLoopCallerHome`).
///
/// `serve` runs Swift concurrency on SwiftNIO's event loops, and SwiftNIO's global executor keeps a
/// task on the loop that resumes it. A batch's rows arrive on the loop of the connection that carried
/// its statement, and its leader answers every read of the batch from there: without a way home, the
/// rest of each of those requests (its resource, its JSON, its response) ran on that one loop. Under
/// `wrk` on the Patient read, one loop did three quarters of the gateway's work while the machine stood a
/// fifth idle (BENCHMARKS.md, "PostgreSQL reads back on their own loops").
protocol CallerHome: Sendable {
    /// Whether the caller runs there.
    var isCurrent: Bool { get }
    /// Runs `work` there.
    func execute(_ work: @escaping @Sendable () -> Void)
}

extension CallerHome {
    /// Goes on here, if the caller runs elsewhere.
    func enter() async {
        guard !isCurrent else { return }
        await withCheckedContinuation { continuation in execute { continuation.resume() } }
    }
}
