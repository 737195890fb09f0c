import Hummingbird
import HTTPTypes
import Logging
import Store

/// The body of `GET /health`, built once.
private let upBody = ByteBuffer(string: #"{"status":"up"}"#)

/// `GET /health`: the process is up (liveness). `GET /ready`: the database answers (readiness);
/// 503 when it does not, so a load balancer stops sending traffic.
struct HealthController<Store: HealthStore> {
    let store: Store

    func register(on router: Router<GatewayRequestContext>) {
        // Nothing but the HTTP stack: the benchmark harness uses it as the ceiling of the server.
        router.get("health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: upBody))
        }
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
