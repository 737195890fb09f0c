import HTTPTypes

/// The bounded labels of a request's metrics: the FHIR interaction (the names of
/// http://hl7.org/fhir/R4/http.html and of the gateway's operations) and the resource type, worked out
/// from the method, the matched route template and the path's fixed segments; never from an id.
enum RequestLabels {
    /// The resource types the gateway serves; any other is `other`.
    static let resourceTypes: Set<Substring> = ["Patient", "Observation"]
    /// The operations the gateway has; any other `$name` is `operation`.
    static let operations: Set<Substring> = [
        "$everything", "$export", "$export-file", "$export-poll-status", "$health-score", "$health-score-population",
        "$import", "$import-poll-status", "$lastn", "$stats",
    ]

    /// The interaction and the resource type, from one pass over the path.
    static func of(method: HTTPRequest.Method, route: String?, path: String) -> (interaction: String, type: String) {
        guard let route, route.hasPrefix("/fhir") else {
            return (interaction(method: method, route: route, segments: []), "none")
        }
        let segments = path.split(separator: "/")
        return (interaction(method: method, route: route, segments: segments), resourceType(route: route, segments: segments))
    }

    static func interaction(method: HTTPRequest.Method, route: String?, path: String) -> String {
        interaction(method: method, route: route, segments: path.split(separator: "/"))
    }

    private static func interaction(method: HTTPRequest.Method, route: String?, segments: [Substring]) -> String {
        guard let route else { return "unrouted" }
        if ProbePaths.contains(route) { return "probe" }
        if route == "/metrics" { return "metrics" }
        if route.hasPrefix("/api/v1/") || route == "/get_health_score" { return "native" }
        if route.hasPrefix("/app") { return "app" }
        guard route == "/fhir" || route.hasPrefix("/fhir/") else { return "other" }
        if let operation = segments.last(where: { $0.hasPrefix("$") }) {
            return operations.contains(operation) ? String(operation) : "operation"
        }
        switch route {
        case "/fhir": return method == .post ? "batch-transaction" : "other"
        case "/fhir/metadata": return "capabilities"
        case "/fhir/.well-known/smart-configuration": return "smart-configuration"
        case "/fhir/_history": return "history-system"
        case "/fhir/{type}/_history": return "history-type"
        case "/fhir/{type}/{id}/_history": return "history-instance"
        case "/fhir/{type}/{id}/_history/{version}": return "vread"
        case "/fhir/{type}":
            switch method {
            case .get: return "search-type"
            case .post: return "create"
            case .put: return "update"  // conditional
            default: return "other"
            }
        case "/fhir/{type}/{id}":
            switch method {
            case .get: return "read"
            case .put: return "update"
            case .delete: return "delete"
            case .post where segments.last == "_search": return "search-type"
            default: return "other"
            }
        default: return "other"
        }
    }

    /// The resource type of a `/fhir/{type}…` request, `other` for one the gateway does not serve, `none`
    /// for a request about no type.
    static func resourceType(route: String?, path: String) -> String {
        guard let route else { return "none" }
        return resourceType(route: route, segments: path.split(separator: "/"))
    }

    private static func resourceType(route: String, segments: [Substring]) -> String {
        guard route.hasPrefix("/fhir/{type}"), segments.count >= 2 else { return "none" }
        return resourceTypes.contains(segments[1]) ? String(segments[1]) : "other"
    }
}
