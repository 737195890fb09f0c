import Hummingbird
import HTTPTypes
import Logging
import Store

/// The body of `GET /livez`, built once.
private let upBody = ByteBuffer(string: #"{"status":"up"}"#)

/// The probes (https://kubernetes.io/docs/reference/using-api/health-checks/). `GET /livez` (alias
/// `/health`): the process answers, whatever it is doing; a failing liveness probe means "restart me".
/// `GET /readyz` (alias `/ready`): send me traffic. 200 only once the start-up work is done (the
/// store's migrations applied, the samples loaded) and while the store answers; 503 with `Retry-After`
/// during start-up, from the moment a shutdown begins, and while the store does not answer.
struct HealthController<Store: HealthStore> {
    let store: Store
    let readiness: Readiness

    func register(on router: Router<GatewayRequestContext>) {
        for path in ProbePaths.liveness {
            // Nothing but the HTTP stack: the benchmark harness uses it as the ceiling of the server.
            router.get(RouterPath(path)) { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: upBody))
            }
        }
        for path in ProbePaths.readiness {
            router.get(RouterPath(path)) { request, context in try await ready(request, context) }
        }
    }

    /// Not ready is no fault: answered, not thrown, so no error is logged for it (the access log has it).
    private func ready(_ request: Request, _ context: GatewayRequestContext) async throws -> Response {
        switch readiness.phase {
        case .starting:
            return try APIError(.serviceUnavailable, code: "starting", "the server is still starting (migrating the store, "
                + "loading the samples, resuming jobs)", headers: [.retryAfter: "1"]).response(from: request, context: context)
        case .draining:
            return try APIError(.serviceUnavailable, code: "shutting_down", "the server is shutting down", headers: [.retryAfter: "5"])
                .response(from: request, context: context)
        case .ready:
            do {
                try await store.checkAvailability()
                return try JSONResponse.make(["status": "ready"])
            } catch {
                context.logger.warning("readiness check failed: \(error)")
                return try APIError(.serviceUnavailable, code: "not_ready", "the database does not answer", headers: [.retryAfter: "5"])
                    .response(from: request, context: context)
            }
        }
    }
}
