import Hummingbird
import Interactions

/// While the node starts (its store not yet migrated, the samples not yet loaded), every request but
/// the probes gets 503 with `Retry-After`: the server listens from the first moment, so `/livez`
/// answers during a long migration and nothing reads a table that is not there yet.
struct StartupGateMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let readiness: Readiness

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard readiness.phase == .starting, !ProbePaths.contains(request.uri.path) else {
            return try await next(request, context)
        }
        return RefusalResponse.make(FHIRError.later(.busy, retryAfter: 1, "The server is starting (migrating its store, "
            + "loading the samples, resuming jobs); try again in a moment"), request: request, context: context)
    }
}
