import NativeModel
import Search
public import Store

/// `GET /fhir/AuditEvent?…` as an audit-trail query (http://hl7.org/fhir/R4/auditevent.html#search):
/// `date` (repeatable, with `eq`, `ge`, `gt`, `le`, `lt`; a partial date is its whole span), `agent` (a
/// client id, a subject or a `fhirUser` reference, with or without a `system|`), `entity` (`Type/id`),
/// `patient` (`Patient/id` or `id`), `_count` (1 to 1,000; 50 by default), `_cursor` (the next page).
public enum AuditEventQuery {
    public static let maximumCount = 1_000

    /// Why a query cannot be run: the parameter and what is wrong with it.
    public struct Problem: Error, Sendable, Equatable {
        public var parameter: String
        public var message: String
    }

    public static func parse(_ parameters: [(name: String, value: String)]) throws(Problem) -> AuditQuery {
        var query = AuditQuery()
        var from: Int64?
        var to: Int64?
        func narrow(from start: Int64?, to end: Int64?) {
            if let start { from = max(from ?? start, start) }
            if let end { to = min(to ?? end, end) }
        }
        for (name, value) in parameters {
            switch name {
            case "date":
                let (start, end) = try dateBounds(value)
                narrow(from: start, to: end)
            case "agent":
                query.agent = tokenValue(value)
            case "entity":
                query.entity = value
            case "patient":
                query.patient = value.hasPrefix("Patient/") ? String(value.dropFirst("Patient/".count)) : value
            case "_count":
                guard let count = Int(value), (1...maximumCount).contains(count) else {
                    throw Problem(parameter: name, message: "_count must be 1 to \(maximumCount), not '\(value)'")
                }
                query.limit = count
            case "_cursor":
                guard let sequence = Int64(value), sequence > 0 else {
                    throw Problem(parameter: name, message: "_cursor is not a page of this search: '\(value)'")
                }
                query.before = sequence
            default:
                throw Problem(parameter: name, message: "AuditEvent is searched by date, agent, entity, patient, _count "
                              + "(and _cursor, for the next page); '\(name)' is not supported")
            }
            if ["agent", "entity", "patient"].contains(name), value.isEmpty || value.utf8.count > 256 {
                throw Problem(parameter: name, message: "\(name) needs a value of 1 to 256 characters")
            }
        }
        query.from = from.map { Instant(millisecondsSince1970: $0) }
        query.to = to.map { Instant(millisecondsSince1970: $0) }
        return query
    }

    /// The `[from, to)` bounds (milliseconds) a date parameter sets.
    static func dateBounds(_ text: String) throws(Problem) -> (Int64?, Int64?) {
        var prefix = SearchPrefix.eq
        var rest = Substring(text)
        if let first = text.first, first.isLetter, let parsed = SearchPrefix(rawValue: String(text.prefix(2))) {
            prefix = parsed
            rest = text.dropFirst(2)
        }
        guard let date = SearchDate(String(rest)) else {
            throw Problem(parameter: "date", message: "'\(text)' is not a date (YYYY, YYYY-MM, YYYY-MM-DD or a dateTime)")
        }
        let span = SearchDateRange(date)
        switch prefix {
        case .eq: return (span.first, span.last + 1)
        case .ge: return (span.first, nil)
        case .gt: return (span.last + 1, nil)
        case .le: return (nil, span.last + 1)
        case .lt: return (nil, span.first)
        default:
            throw Problem(parameter: "date", message: "AuditEvent's date takes eq, ge, gt, le or lt, not '\(prefix.rawValue)'")
        }
    }

    /// A token's value without its system (`urn:…|etl` is `etl`).
    static func tokenValue(_ text: String) -> String {
        guard let bar = text.lastIndex(of: "|") else { return text }
        return String(text[text.index(after: bar)...])
    }
}
