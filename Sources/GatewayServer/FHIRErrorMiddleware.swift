import FHIRFormat
import FHIRModels
import Hummingbird
import HTTPTypes
import Interactions
import Logging
import NIOCore
import Search
import Store

/// Turns every error of a `/fhir` route into an OperationOutcome with its status: the one place
/// where FHIR errors become HTTP (http://hl7.org/fhir/R4/http.html#2.21.0.7). Faults are logged with
/// their details and answered with a message that reveals nothing.
/// It also works out the request's `FHIRExchange` once, for the handlers and for its own answers.
struct FHIRErrorMiddleware: RouterMiddleware {
    /// How the base URL is worked out (`--public-url`, `--trusted-proxy`).
    var address = FHIRAddress()

    func handle(_ request: Request, context: GatewayRequestContext,
                next: (Request, GatewayRequestContext) async throws -> Response) async throws -> Response
    {
        let exchange = FHIRExchange(request, address: address, remoteAddress: context.remoteAddress)
        var context = context
        context.fhir = exchange
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, request: request, exchange: exchange, logger: context.logger)
        }
    }

    /// The OperationOutcome response to an error, in the format the client asked for (JSON when that
    /// was the problem).
    static func response(for error: any Error, request: Request, exchange: FHIRExchange, logger: Logger) -> Response {
        let fhirError = fhirError(for: error, request: request)
        if fhirError.category == .fault {
            logger.error("\(request.method) \(request.uri.path) failed: \(fhirError.cause ?? String(reflecting: error))")
        } else if fhirError.category == .busy {
            logger.warning("\(request.method) \(request.uri.path) answered 503: \(fhirError.cause ?? fhirError.description)")
        }
        var response = FHIRResponse.resource(.operationOutcome(OperationOutcomes.outcome(fhirError)),
                                             status: HTTPResponse.Status(code: fhirError.category.status),
                                             format: exchange.errorFormat, pretty: exchange.pretty)
        if let seconds = fhirError.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
        if let challenge = fhirError.challenge { response.headers[.wwwAuthenticate] = challenge }
        return response
    }

    /// Whether a path is under the FHIR API, whose errors are OperationOutcomes even without a route.
    static func isFHIRPath(_ path: String) -> Bool { path == "/fhir" || path.hasPrefix("/fhir/") }

    static func fhirError(for error: any Error, request: Request) -> FHIRError {
        switch error {
        case let error as FHIRError: return error
        case let error as FHIRDecodingError: return FHIRError(error)
        case let error as SearchError: return FHIRError(error)
        case let error as StoreError: return FHIRError(error, resource: "resource")
        case is NIOTooManyBytesError: return FHIRError(.tooLarge, "The request body exceeds the size limit")
        case let error as HTTPError where error.status == .notFound:
            return FHIRError(.notFound, "No FHIR endpoint \(request.method) \(request.uri.path)")
        case let error as any HTTPResponseError where error.status.code < 500:
            return FHIRError(.invalid, error.status.reasonPhrase)
        default:
            return FHIRError(.fault, "The server failed to process the request")
        }
    }
}
