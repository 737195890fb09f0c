import Hummingbird
import HTTPTypes
import Interactions
import Logging
import NativeModel
import NIOCore
import Store

/// Turns every error a route throws into an `APIError` response: the one place where errors become
/// HTTP. Faults are logged with their details and answered with a message that reveals nothing.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            if FHIRErrorMiddleware.isFHIRPath(request.uri.path) {  // no FHIR route matched
                return FHIRErrorMiddleware.response(for: error, request: request, exchange: FHIRExchange(request),
                                                    logger: context.logger)
            }
            let apiError = Self.apiError(for: error, request: request)
            if apiError.status == .serviceUnavailable {
                context.logger.warning("\(request.method) \(request.uri.path) answered 503: \(apiError.message)")
            } else if apiError.status.code >= 500 {
                context.logger.error("\(request.method) \(request.uri.path) failed: \(String(reflecting: error))")
            }
            return try apiError.response(from: request, context: context)
        }
    }

    static func apiError(for error: any Error, request: Request) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ValidationError:
            return APIError(error)
        case let error as StoreError:
            return APIError(error)
        case let error as FHIRError:  // the authorization's refusals, and interactions the native API shares
            return APIError(error, resource: "resource")
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "body_too_large", "the request body exceeds the size limit")
        case let error as HTTPError where error.status == .notFound:
            return APIError(.notFound, code: "no_route", "no route for \(request.method) \(request.uri.path)")
        case let error as any HTTPResponseError where error.status.code < 500:
            return APIError(error.status, code: "bad_request", error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, code: "internal_error", "the server failed to handle the request")
        }
    }
}
