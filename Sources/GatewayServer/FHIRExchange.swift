import Hummingbird
import Interactions

/// What every `/fhir` handler needs to know of a request besides its resource: the response format
/// negotiated from `_format` and `Accept` (http://hl7.org/fhir/R4/http.html#mime-type), whether `_pretty`
/// was asked for (http://hl7.org/fhir/R4/http.html#parameters), and the base URL clients reach the API at.
/// `FHIRErrorMiddleware` works it out once per request and puts it in the request context.
struct FHIRExchange: Sendable {
    /// The base URL of `/fhir`, as `Location`, `fullUrl` and page links name it.
    let baseURL: String
    /// The negotiated format, or the 406 to answer when the client accepts nothing the server writes.
    let negotiated: Result<FHIRMediaType, FHIRError>
    let pretty: Bool

    init(_ request: Request, address: FHIRAddress = FHIRAddress(), remoteAddress: String? = nil) {
        baseURL = address.base(request, remoteAddress: remoteAddress)
        negotiated = Result { try FHIRMediaType.negotiate(format: request.uri.queryParameters.get("_format"),
                                                          accept: request.headers[.accept]) }
            .mapError { $0 as? FHIRError ?? FHIRError(.notAcceptable, "\($0)") }
        pretty = request.uri.queryParameters.get("_pretty") == "true"
    }

    /// The format of a successful response; throws the 406 when there is none.
    func format() throws -> FHIRMediaType { try negotiated.get() }

    /// The format of an error response: the negotiated one, or JSON when negotiation was the problem.
    var errorFormat: FHIRMediaType { (try? negotiated.get()) ?? .json }
}
