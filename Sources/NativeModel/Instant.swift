/// A point in time to the millisecond, as the native tables store it: an `INTEGER` of milliseconds
/// since 1970-01-01T00:00:00Z. Comparing two instants compares the times, whatever offset they were
/// written with.
public struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var millisecondsSince1970: Int64

    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// The current time from the system clock.
    public static func now() -> Instant {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Instant(millisecondsSince1970: Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000)
    }

    public static func < (lhs: Instant, rhs: Instant) -> Bool {
        lhs.millisecondsSince1970 < rhs.millisecondsSince1970
    }

    public func adding(milliseconds: Int64) -> Instant {
        Instant(millisecondsSince1970: millisecondsSince1970 + milliseconds)
    }

    public func adding(minutes: Int64) -> Instant { adding(milliseconds: minutes * 60_000) }

    /// Milliseconds from `self` to `later` (negative when `later` is earlier).
    public func milliseconds(to later: Instant) -> Int64 {
        later.millisecondsSince1970 - millisecondsSince1970
    }

    /// The instant in UTC, e.g. `2026-11-01T07:30:00Z`.
    public var description: String { OffsetDateTime(self, utcOffsetMinutes: 0).description }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
