import FHIRModels
import Hummingbird
import Interactions
import NativeModel
import Store

/// The parameters of a history interaction (http://hl7.org/fhir/R4/http.html#history): `_count`,
/// `_since`, `_at`, and the opaque `_cursor` of the next page. Anything else is a 400.
struct FHIRHistoryParameters {
    static let allowed: Set<String> = ["_count", "_since", "_at", "_cursor", "_format", "_pretty"]
    static let defaultCount = 50

    var query = FHIRHistoryQuery()
    private var since: String?
    private var at: String?
    /// The `_cursor` as the client sent it (sealed for the caller when authorization is on).
    private(set) var cursor: String?

    init(_ request: Request) throws {
        let parameters = request.uri.queryParameters
        for (name, _) in parameters where !Self.allowed.contains(String(name)) {
            throw FHIRError(.invalid, "'\(name)' is not a parameter of history; use _count, _since, _at")
        }
        query.count = Self.defaultCount
        if let text = parameters.get("_count") {
            guard let count = Int(text), (1...PageRequest.maximumLimit).contains(count) else {
                throw FHIRError(.invalid, "_count must be a number from 1 to \(PageRequest.maximumLimit), not '\(text)'")
            }
            query.count = count
        }
        since = parameters.get("_since")
        at = parameters.get("_at")
        query.since = try since.map { try Self.instant($0, parameter: "_since") }
        query.at = try at.map { try Self.instant($0, parameter: "_at") }
        cursor = parameters.get("_cursor")
    }

    /// The version an instance history page starts below.
    func versionCursor(_ opened: String?) throws -> Int? {
        guard let cursor else { return nil }
        guard let opened, let key = PageCursor.decode(opened), key.id > 0, key.id <= Int64(Int.max) else {
            throw Self.badCursor(cursor)
        }
        return Int(key.id)
    }

    /// Where a type or system history page starts.
    func changeCursor(_ opened: String?) throws -> ChangeKey? {
        guard let cursor else { return nil }
        guard let opened, let key = ChangeCursor.decode(opened) else { throw Self.badCursor(cursor) }
        return key
    }

    static func badCursor(_ cursor: String) -> FHIRError {
        FHIRError(.invalid, "_cursor '\(cursor)' is not a cursor of this server: follow the Bundle's next link")
    }

    /// An instant from a FHIR instant or dateTime; a date stands for its start, in UTC.
    static func instant(_ text: String, parameter: String) throws -> Instant {
        if let time = OffsetDateTime(parsing: text) { return time.instant }
        if let date = PartialDate(parsing: text) { return date.start }
        throw FHIRError(.invalid, "\(parameter) must be an instant like 2026-11-22T08:00:00Z, not '\(text)'")
    }

    /// The query string of a page: the first one (`cursor` nil) or the one a cursor starts.
    func queryString(cursor: String?) -> String {
        var items = ["_count=\(query.count)"]
        if let since { items.append("_since=\(QueryComponent.percentEncoded(since))") }
        if let at { items.append("_at=\(QueryComponent.percentEncoded(at))") }
        if let cursor { items.append("_cursor=\(cursor)") }
        return "?" + items.joined(separator: "&")
    }
}
