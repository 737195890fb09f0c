/// The probe routes: `/livez` and `/readyz` (Kubernetes' names), `/health` and `/ready` their older
/// aliases. They answer without a token, cost nothing against the rate limits, are never shed and
/// answer during start-up.
enum ProbePaths {
    static let liveness: Set<String> = ["/livez", "/health"]
    static let readiness: Set<String> = ["/readyz", "/ready"]

    static func contains(_ path: String) -> Bool { liveness.contains(path) || readiness.contains(path) }
}
