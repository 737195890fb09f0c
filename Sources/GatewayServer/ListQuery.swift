import Hummingbird
import Interactions
import NativeModel
import Store

/// The query of a list route: `limit` (1–1000, default 50), `cursor`, and for measurements a time range
/// `from` (inclusive) and `to` (exclusive), each an RFC 3339 date-time or a date (`2026-11-01`, meaning
/// 00:00 UTC). Any other parameter is a 400, so a typo never silently widens a query.
struct ListQuery {
    static let defaultLimit = 50

    var page: PageRequest
    var range: TimeRange
    /// The parameters as given, minus `cursor`, for the `next` link.
    private var echoed: [(String, String)]

    init(_ request: Request, allowsTimeRange: Bool) throws {
        let allowed = allowsTimeRange ? ["limit", "cursor", "from", "to"] : ["limit", "cursor"]
        var limit = Self.defaultLimit
        var after: PageKey?
        var range = TimeRange.all
        echoed = []
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            switch name {
            case "limit":
                guard let number = Int(value), (1...PageRequest.maximumLimit).contains(number) else {
                    throw APIError.invalidParameter("limit", "'\(value)' is not a whole number from 1 to \(PageRequest.maximumLimit)")
                }
                limit = number
            case "cursor":
                guard let key = PageCursor.decode(value) else {
                    throw APIError.invalidParameter("cursor", "is not a cursor this server issued")
                }
                after = key
            case "from" where allowsTimeRange, "to" where allowsTimeRange:
                guard let instant = Self.instant(value) else {
                    throw APIError.invalidParameter(name, "'\(value)' is not a date-time like 2026-11-01T00:00:00Z or a date like 2026-11-01")
                }
                if name == "from" { range.from = instant } else { range.to = instant }
            default:
                throw APIError.invalidParameter(name, "unknown query parameter; expected one of: \(allowed.joined(separator: ", "))")
            }
            if name != "cursor" { echoed.append((name, String(value))) }
        }
        if let from = range.from, let to = range.to, to < from {
            throw APIError.invalidParameter("to", "is before from")
        }
        page = PageRequest(limit: limit, after: after)
        self.range = range
    }

    /// A date-time with offset, or a date meaning its start in UTC.
    private static func instant(_ text: Substring) -> Instant? {
        if let dateTime = OffsetDateTime(parsing: text) { return dateTime.instant }
        if text.count == 10, let date = PartialDate(parsing: text) { return date.start }
        return nil
    }

    /// The same list from `next`: `path?<the query as given>&cursor=…`.
    func nextLink(path: String, next: PageKey) -> String {
        let parameters = echoed + [("cursor", PageCursor.encode(next))]
        return path + "?" + parameters.map { "\($0)=\(QueryComponent.percentEncoded($1))" }.joined(separator: "&")
    }
}
