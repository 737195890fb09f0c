import Hummingbird
import HTTPTypes

/// What a request costs from its client's bucket (`RateLimits`): a read 1, a search or a history 2, a
/// write 3, an operation over a population (`$stats`, `$export`, `$import`) 10, a score or a patient's
/// record 5 (and the population behind a score, served from the same statistics), and a transaction or
/// batch Bundle by its size, a token per KiB (an entry is about one) and at least a write's. Probes,
/// discovery and the score page's files cost nothing.
enum RequestCost {
    static func of(_ request: Request) -> Double {
        let path = request.uri.path
        if AuthMiddleware.isPublic(path) { return 0 }
        let segments = path.split(separator: "/")
        if let operation = segments.last(where: { $0.hasPrefix("$") }) {
            switch operation {
            case "$stats", "$export", "$import": return 10
            case "$health-score", "$health-score-population", "$everything", "$lastn": return 5
            default: return 1  // a job's status or file
            }
        }
        if path == "/get_health_score" { return 5 }
        switch request.method {
        case .get, .head:
            if segments.contains("_history") { return 2 }
            // `/fhir/{type}/{id}` and `/api/v1/users/{id}` read one thing; the rest search or list.
            let reads = path.hasPrefix("/fhir/") ? segments.count == 3 : segments.count == 4 && segments.dropFirst(2).first == "users"
            return reads ? 1 : 2
        case .post where path == "/fhir" || path == "/fhir/":
            let kibibytes = Double(request.headers[.contentLength].flatMap { Int($0) } ?? 0) / 1024
            return max(3, kibibytes.rounded(.up))
        case .post where path.hasSuffix("/_search"):
            return 2
        default:
            return 3
        }
    }
}
