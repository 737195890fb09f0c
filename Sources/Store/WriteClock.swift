public import NativeModel
import Synchronization

/// The times a store records its writes at (`updated_at`, history's `recorded`), kept in step with the
/// snapshots it opens, so that a snapshot has a moment (Bulk Data's `transactionTime`,
/// http://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status) that splits the writes
/// exactly: every write in the snapshot was recorded at or before it, every write after it later.
///
/// Engines take a write's time only once they hold what excludes snapshots (SQLite's single writer,
/// PostgreSQL's shared barrier lock), and open a snapshot inside the exclusive side of that, calling
/// `snapshotMoment()`: writes of this process after it are recorded at least a millisecond later even
/// when the clock has not moved on (a test's fixed clock, two events in one millisecond), and the
/// snapshot waits, a few milliseconds at most, until the system clock has passed it, so that the
/// other nodes of a PostgreSQL database, whose clocks keep time with this one's, record later too.
public final class WriteClock: Sendable {
    private let clock: @Sendable () -> Instant
    /// The earliest time a write may be recorded at: one millisecond after the last snapshot's moment.
    private let floor = Mutex<Int64>(.min)

    public init(_ clock: @escaping @Sendable () -> Instant) {
        self.clock = clock
    }

    /// The time to record a write at: the clock, but never at or before a snapshot already opened.
    public func writeTime() -> Instant {
        let now = clock()
        return floor.withLock { Instant(millisecondsSince1970: max(now.millisecondsSince1970, $0)) }
    }

    /// The moment of a snapshot being opened with writes excluded; writes of this process after it are
    /// recorded later. Call `settle(after:)` before letting writes in again.
    public func snapshotMoment() -> Instant {
        let moment = writeTime()
        floor.withLock { $0 = max($0, moment.millisecondsSince1970 + 1) }
        return moment
    }

    /// How long a snapshot waits at most for the system clock to pass its moment.
    static var settleLimit: Duration { .milliseconds(5) }

    /// Blocks until the system clock has passed `moment` (at most `settleLimit`): for callers on a
    /// thread of their own (SQLite's writer queue).
    public static func settle(after moment: Instant) {
        let deadline = ContinuousClock.now.advanced(by: settleLimit)
        while Instant.now() <= moment, ContinuousClock.now < deadline {
            usleep(200)
        }
    }

    /// Waits until the system clock has passed `moment` (at most `settleLimit`), suspending.
    public static func settleAsync(after moment: Instant) async {
        let deadline = ContinuousClock.now.advanced(by: settleLimit)
        while Instant.now() <= moment, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .microseconds(200))
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
