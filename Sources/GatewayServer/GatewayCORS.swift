import Hummingbird
import HTTPTypes

/// Cross-Origin Resource Sharing for browser apps (https://fetch.spec.whatwg.org/#http-cors-protocol):
/// requests from the configured origins (`--cors-origin`; none by default) get the CORS headers, a
/// preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered 204 before authorization, and
/// the headers a FHIR app reads are exposed. A request from any other origin is served as if CORS did not
/// exist: the browser then keeps its answer from the page. Hummingbird's `CORSMiddleware` does the
/// protocol; this decides whether it applies.
public struct GatewayCORS: Sendable {
    /// The origins allowed (`https://app.example.org`, scheme, host and port); `*` allows every origin.
    public var origins: Set<String>

    public init(origins: some Sequence<String> = []) {
        self.origins = Set(origins.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 })
    }

    public var isEnabled: Bool { !origins.isEmpty }

    /// Whether a request from `origin` gets the CORS headers.
    func allows(_ origin: String?) -> Bool {
        guard let origin, origin != "null" else { return false }
        return origins.contains("*") || origins.contains(origin)
    }

    /// The headers a FHIR app sends: its token, content negotiation, preferences and preconditions.
    static let allowedHeaders: [HTTPField.Name] = [
        .accept, .authorization, .contentType, .origin, .ifMatch, .ifNoneMatch, .ifModifiedSince,
        .prefer, .ifNoneExist, HTTPField.Name("X-Request-ID")!,
    ]

    /// The answer headers a FHIR app reads: where a created resource or a job's status is, versions, job
    /// progress, when to come back, warnings.
    static let exposedHeaders = ["Location", "Content-Location", "ETag", "Last-Modified", "X-Progress", "Retry-After",
                                 "Warning", "Expires", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]
}
