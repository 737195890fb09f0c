import Hummingbird
import HTTPTypes
import Interactions

/// A refusal a middleware answers before any route runs (the rate limits, the bound on requests in
/// flight, a node still starting): an OperationOutcome under `/fhir` and the native error shape
/// elsewhere, with `Retry-After` when the error names one.
enum RefusalResponse {
    static func make(_ error: FHIRError, request: Request, context: GatewayRequestContext) -> Response {
        var response: Response
        if FHIRErrorMiddleware.isFHIRPath(request.uri.path) {
            response = FHIRErrorMiddleware.response(for: error, request: request, exchange: FHIRExchange(request),
                                                    logger: context.logger)
        } else {
            response = (try? APIErrorMiddleware<GatewayRequestContext>.apiError(for: error, request: request)
                .response(from: request, context: context)) ?? Response(status: HTTPResponse.Status(code: error.category.status))
        }
        if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        return response
    }
}
