public import NativeModel
public import Store

/// The days a score looks at: whole local days, `firstDay` through `lastDay`. A measurement belongs to
/// the day of its own local time (the UTC offset it was recorded at), so a run at 23:30 in Zurich
/// counts for that Zurich day, whatever the server's zone.
public struct ScoringWindow: Sendable, Hashable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public let firstDay: Int64
    public let lastDay: Int64

    /// The most days one window may span.
    public static let maximumDays = 366
    /// The days of the default window.
    public static let defaultDays = 30

    public init?(firstDay: Int64, lastDay: Int64) {
        guard firstDay <= lastDay, lastDay - firstDay < Int64(Self.maximumDays) else { return nil }
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// The `days` days ending with `lastDay`.
    public init?(days: Int, endingOn lastDay: Int64) {
        guard (1...Self.maximumDays).contains(days) else { return nil }
        self.init(firstDay: lastDay - Int64(days - 1), lastDay: lastDay)
    }

    /// The window of `days` days that ends with the local day of `asOf`.
    public init?(days: Int, asOf: OffsetDateTime) {
        self.init(days: days, endingOn: asOf.localDate.daysSince1970)
    }

    public var days: Int { Int(lastDay - firstDay + 1) }
    public var start: PartialDate { PartialDate(daysSince1970: firstDay) }
    public var end: PartialDate { PartialDate(daysSince1970: lastDay) }

    public func contains(_ point: SeriesPoint) -> Bool { (firstDay...lastDay).contains(point.localDay) }

    /// The instants that can fall on the window's local days: UTC offsets reach ±14 hours.
    public var timeRange: TimeRange {
        let margin: Int64 = 14 * 3_600_000
        return TimeRange(from: Instant(millisecondsSince1970: firstDay * 86_400_000 - margin),
                         to: Instant(millisecondsSince1970: (lastDay + 1) * 86_400_000 + margin))
    }

    public var description: String { "\(start)–\(end)" }
}
