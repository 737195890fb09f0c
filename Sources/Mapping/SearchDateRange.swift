import NativeModel
import Search
import Store

/// A date search value as the span it stands for, and the conditions of its prefix on a target that
/// is itself a span `[first, last]` (http://hl7.org/fhir/R4/search.html#date): a period, a birth date
/// at its precision, or an instant (`first` and `last` the same column).
struct SearchDateRange {
    /// The span's first and last millisecond (UTC; a value without an offset is read as UTC).
    var first: Int64
    var last: Int64

    init(_ date: SearchDate) {
        let day = PartialDate(year: date.year, month: date.month, day: date.day).daysSince1970
        let local = day * 86_400_000 + Int64(date.hour) * 3_600_000 + Int64(date.minute) * 60_000
            + Int64(date.second) * 1000 + Int64(date.millisecond)
        first = local - Int64(date.offsetMinutes ?? 0) * 60_000
        let end: Int64
        switch date.precision {
        case .year: end = PartialDate(year: date.year + 1).daysSince1970 * 86_400_000 - local + first
        case .month:
            let next = date.month == 12 ? PartialDate(year: date.year + 1, month: 1) : PartialDate(year: date.year, month: date.month + 1)
            end = next.daysSince1970 * 86_400_000 - local + first
        case .day: end = first + 86_400_000
        case .minute: end = first + 60_000
        case .second: end = first + 1000
        case .millisecond: end = first + 1
        }
        last = end - 1
    }

    /// The span of a date on day-precision targets (birth dates), as first and last day `YYYY-MM-DD`.
    static func days(_ date: SearchDate) -> (first: String, last: String) {
        switch date.precision {
        case .year: return ("\(pad(date.year))-01-01", "\(pad(date.year))-12-31")
        case .month: return ("\(pad(date.year))-\(pad2(date.month))-01", "\(pad(date.year))-\(pad2(date.month))-31")
        default:
            let day = PartialDate(year: date.year, month: date.month, day: date.day).description
            return (day, day)
        }
    }

    private static func pad(_ year: Int) -> String { String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year) }
    private static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The condition `prefix` puts on a target spanning `[firstColumn, lastColumn]` for a search span
    /// `[low, high]`; `widen` is how far `ap` reaches around it.
    static func condition(
        _ prefix: SearchPrefix, first firstColumn: RowColumn, last lastColumn: RowColumn, low: ColumnValue,
        high: ColumnValue, approximately widened: (low: ColumnValue, high: ColumnValue)
    ) -> RowCondition {
        let instant = firstColumn == lastColumn
        let within = RowCondition.all([.compare(firstColumn, .greaterOrEqual, low), .compare(lastColumn, .lessOrEqual, high)])
        switch prefix {
        case .eq: return within
        case .ne: return .not(within)
        case .gt: return .compare(lastColumn, .greater, high)
        case .lt: return .compare(firstColumn, .less, low)
        // The range above the value overlaps the target, or the value contains the target.
        case .ge: return instant ? .compare(firstColumn, .greaterOrEqual, low) : .any([.compare(lastColumn, .greater, high), within])
        case .le: return instant ? .compare(lastColumn, .lessOrEqual, high) : .any([.compare(firstColumn, .less, low), within])
        case .sa: return .compare(firstColumn, .greater, high)
        case .eb: return .compare(lastColumn, .less, low)
        case .ap:
            return .all([.compare(firstColumn, .lessOrEqual, widened.high), .compare(lastColumn, .greaterOrEqual, widened.low)])
        }
    }

    /// The condition of a date value on a target of milliseconds spanning `[first, last]` (the same
    /// column for an instant).
    static func condition(_ prefix: SearchPrefix, _ date: SearchDate, first: RowColumn, last: RowColumn, now: Instant)
        -> RowCondition
    {
        let range = SearchDateRange(date)
        let widened = range.approximately(now: now)
        return condition(prefix, first: first, last: last, low: .integer(range.first), high: .integer(range.last),
                         approximately: (.integer(widened.low), .integer(widened.high)))
    }

    /// `ap`: the span widened by a tenth of its distance from now (at least a day), as the spec
    /// recommends.
    func approximately(now: Instant) -> (low: Int64, high: Int64) {
        let distance = abs(now.millisecondsSince1970 - (first / 2 + last / 2))
        let margin = max(distance / 10, 86_400_000)
        return (first - margin, last + margin)
    }

    /// The least value of `lastColumn` the condition of `prefix` admits, when it has one: a period
    /// ends at most `maximumDuration` after it starts, so the planner bounds the start column too and
    /// the index on it narrows the scan.
    func lowestEnd(_ prefix: SearchPrefix, now: Instant) -> Int64? {
        switch prefix {
        case .eq: return first
        case .gt, .sa: return last + 1
        case .ge: return first
        case .ap: return approximately(now: now).low
        case .ne, .lt, .le, .eb: return nil
        }
    }
}
