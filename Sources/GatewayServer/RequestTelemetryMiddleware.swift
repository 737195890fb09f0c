import Hummingbird
import HTTPTypes
import Logging

/// The outermost layer: gives the request its id (`X-Request-ID`, `RequestIDs`), puts it into the
/// logger every layer inside logs with and into the answer's headers; when the answer is ready, writes
/// one access-log line (method, route template such as `/fhir/{type}/{id}`, never the path with its
/// ids; status, duration, body bytes when known, request id, the token's client; no query values, no
/// bodies, nothing about the person) and records the request's metrics (`GatewayMetrics`).
struct RequestTelemetryMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    /// Off (`serve --no-access-log`): the request id is still given and returned.
    let writesAccessLog: Bool
    /// Nil with `serve --no-metrics`.
    let metrics: GatewayMetrics?
    /// The `source` of the access-log lines: the JSON handler writes them in batches, every other line at once.
    static let accessLogSource = "access-log"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let id = RequestIDs.accepted(request.headers[RequestIDs.header]) ?? RequestIDs.make()
        var context = context
        context.logger[metadataKey: "hb.request.id"] = nil
        context.logger[metadataKey: "request_id"] = .string(id)
        context.record.requestID = id
        let started = ContinuousClock.now
        metrics?.requestStarted()
        defer { metrics?.requestEnded() }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {  // what no error middleware answered: an unknown route's 404
            response = try error.response(from: request, context: context)
        }
        response.headers[RequestIDs.header] = id
        let elapsed = ContinuousClock.now - started
        let route = context.endpointPath
        if let metrics {
            let labels = RequestLabels.of(method: request.method, route: route, path: request.uri.path)
            metrics.record(method: request.method.rawValue, route: route ?? "unrouted", interaction: labels.interaction,
                           type: labels.type, status: Int(response.status.code), duration: elapsed)
            switch context.record.refusal {
            case .authentication(let reason): metrics.authenticationFailed(reason)
            case .limited(let reason): metrics.limited(reason)
            case nil: break
            }
        }
        if writesAccessLog, context.logger.logLevel <= .info {
            let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
            var metadata: Logger.Metadata = [
                "method": .string(request.method.rawValue),
                "route": .string(route ?? "-"),
                "status": .stringConvertible(Int(response.status.code)),
                "duration_ms": .stringConvertible((milliseconds * 1_000).rounded() / 1_000),
            ]
            if let bytes = response.body.contentLength { metadata["bytes"] = .stringConvertible(bytes) }
            if let client = context.record.clientID { metadata["client_id"] = .string(client) }
            context.logger.info("request", metadata: metadata, source: Self.accessLogSource)
        }
        return response
    }
}
