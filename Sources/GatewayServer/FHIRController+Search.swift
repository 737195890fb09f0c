import FHIRModels
import Hummingbird
import Interactions
import Search
import Store

extension FHIRController {
    /// `GET /fhir/{type}?…` (http://hl7.org/fhir/R4/http.html#search).
    @Sendable func search(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let type = try resourceType(context, .searchType)
        let parameters = try SearchQueryString.parameters(request.uri.query ?? "")
        return try await respondToSearch(type, parameters, request, context, format: format)
    }

    /// `POST /fhir/{type}/_search` with an `application/x-www-form-urlencoded` body; parameters in
    /// the URL count too (http://hl7.org/fhir/R4/http.html#search).
    func searchByPost(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let type = try resourceType(context, .searchType)
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            throw FHIRError(.unsupportedMediaType, "POST \(type)/_search takes the parameters as "
                + "application/x-www-form-urlencoded; got '\(request.headers[.contentType] ?? "no Content-Type")'")
        }
        let buffer = try await request.body.collect(upTo: maxBodySize)
        let body = String(buffer: buffer)
        let parameters = try SearchQueryString.parameters(request.uri.query ?? "") + SearchQueryString.parameters(body)
        return try await respondToSearch(type, parameters, request, context, format: format)
    }

    private func respondToSearch(_ type: String, _ parameters: [SearchQuery.Parameter], _ request: Request,
                                 _ context: GatewayRequestContext,
                                 format: FHIRMediaType) async throws -> Response
    {
        let lenient = FHIRReturnPreference.lenient(prefer: request.headers[.prefer])
        let bundle = try await interactions(request, context).search(type, parameters: parameters, lenient: lenient,
                                                            cursorKey: cursorKey)
        return FHIRResponse.resource(.bundle(bundle), format: format, pretty: pretty(request, context))
    }
}
