import HTTPTypes

/// The interaction an audited request is, from its method and path alone (the audit scope is made
/// before routing): FHIR's restful interactions (http://hl7.org/fhir/R4/http.html), the operation's
/// name, `native-…` verbs for `/api/v1`, `token` for the token endpoint. `transaction` and `batch` are
/// told apart by the Bundle's type, which the FHIR controller sets once it has read it.
enum AuditInteraction {
    /// The interaction, and the resource type the path names (nil for none).
    static func of(method: HTTPRequest.Method, path: String) -> (interaction: String, resourceType: String?) {
        let segments = path.split(separator: "/")
        guard let root = segments.first else { return ("other", nil) }
        switch root {
        case "auth": return ("token", nil)
        case "get_health_score": return ("$health-score", "Patient")
        case "api": return native(method: method, segments: segments.dropFirst(2))
        case "fhir": return fhir(method: method, segments: segments.dropFirst())
        default: return ("other", nil)
        }
    }

    private static func fhir(method: HTTPRequest.Method, segments: ArraySlice<Substring>) -> (String, String?) {
        let segments = Array(segments)
        if let operation = segments.last(where: { $0.hasPrefix("$") }) {
            let type = segments.first.flatMap { $0.first?.isUppercase == true ? String($0) : nil }
            return (String(operation), type)
        }
        guard let first = segments.first else { return (method == .post ? "batch" : "other", nil) }
        switch first {
        case "metadata": return ("capabilities", nil)
        case ".well-known": return ("smart-configuration", nil)
        case "_history": return ("history-system", nil)
        default: break
        }
        let type = String(first)
        switch (segments.count, method) {
        case (1, .get): return ("search-type", type)
        case (1, .post): return ("create", type)
        case (1, .put): return ("update", type)
        case (2, _) where segments[1] == "_history": return ("history-type", type)
        case (2, .post) where segments[1] == "_search": return ("search-type", type)
        case (2, .get): return ("read", type)
        case (2, .put): return ("update", type)
        case (2, .patch): return ("patch", type)
        case (2, .delete): return ("delete", type)
        case (3, .get) where segments[2] == "_history": return ("history-instance", type)
        case (4, .get) where segments[2] == "_history": return ("vread", type)
        default: return ("other", type)
        }
    }

    /// `/api/v1/users[/{id}[/{table}[/{row}]]]` and `/api/v1/users/{id}/history`.
    private static func native(method: HTTPRequest.Method, segments: ArraySlice<Substring>) -> (String, String?) {
        let type: String? = segments.count >= 3 ? "Observation" : "Patient"
        if segments.last == "history" { return ("native-history", "Patient") }
        if segments.last == "health-score" { return ("$health-score", "Patient") }
        let isItem = segments.count == 2 || segments.count == 4
        switch method {
        case .get: return (isItem ? "native-read" : "native-search", type)
        case .post: return ("native-create", type)
        case .put: return ("native-update", type)
        case .patch: return ("native-patch", type)
        case .delete: return ("native-delete", type)
        default: return ("native-other", type)
        }
    }

    /// The interactions that write: their record goes in the write's own transaction (`AuditHook`).
    static func writes(_ interaction: String) -> Bool {
        ["create", "update", "patch", "delete", "batch", "transaction", "$import", "native-create", "native-update",
         "native-patch", "native-delete"].contains(interaction)
    }

    /// The status a committed write answers with: what its record, written before the answer, says.
    static func successStatus(_ interaction: String, created: Bool) -> Int {
        switch interaction {
        case "create", "native-create": return 201
        case "update": return created ? 201 : 200
        case "native-delete": return 204
        case "$import": return 202
        default: return 200
        }
    }
}
