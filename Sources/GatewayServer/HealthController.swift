import Hummingbird
import HTTPTypes
import Logging
import Store

/// `GET /health`: the process is up (liveness). `GET /ready`: the database answers (readiness);
/// 503 when it does not, so a load balancer stops sending traffic.
struct HealthController<Store: HealthStore> {
    let store: Store

    func register(on router: Router<GatewayRequestContext>) {
        router.get("health") { _, _ in try JSONResponse.make(["status": "up"]) }
        router.get("ready") { _, context in
            do {
                try await store.checkAvailability()
                return try JSONResponse.make(["status": "ready"])
            } catch {
                context.logger.warning("readiness check failed: \(error)")
                throw APIError(.serviceUnavailable, code: "not_ready", "the database does not answer")
            }
        }
    }
}
