import FHIRModels
import Hummingbird
import Interactions
import Store

/// The history interactions of `/fhir` (http://hl7.org/fhir/R4/http.html#history): instance, type and
/// system level, each a `history` Bundle with `self` and `next` links.
extension FHIRController {
    @Sendable func history(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request)
        let (type, id) = try address(context, .historyInstance)
        let parameters = try FHIRHistoryParameters(request)
        var query = parameters.query
        query.beforeVersion = try parameters.versionCursor()
        let base = baseURL(request)
        let (bundle, next) = try await interactions(request).history(type, id: id, query: query, baseURL: base)
        return historyResponse(bundle, path: "\(base)/\(type)/\(id)/_history", parameters: parameters,
                               current: query.beforeVersion.map { PageCursor.encode(PageKey(id: Int64($0))) },
                               next: next.map { PageCursor.encode(PageKey(id: Int64($0))) }, format: format, request: request)
    }

    @Sendable func typeHistory(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request)
        let type = try resourceType(context, .historyType)
        return try await changes(type: type, path: "\(baseURL(request))/\(type)/_history", format: format, request: request)
    }

    @Sendable func systemHistory(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request)
        return try await changes(type: nil, path: "\(baseURL(request))/_history", format: format, request: request)
    }

    private func changes(type: String?, path: String, format: FHIRMediaType, request: Request) async throws -> Response {
        let parameters = try FHIRHistoryParameters(request)
        let after = try parameters.changeCursor()
        let (bundle, next) = try await interactions(request).history(type: type, query: parameters.query, after: after,
                                                                     baseURL: baseURL(request))
        return historyResponse(bundle, path: path, parameters: parameters, current: after.map(ChangeCursor.encode),
                               next: next.map(ChangeCursor.encode), format: format, request: request)
    }

    /// A history Bundle with its `self` and `next` links (http://hl7.org/fhir/R4/http.html#paging).
    private func historyResponse(
        _ bundle: FHIRModels.Bundle, path: String, parameters: FHIRHistoryParameters, current: String?, next: String?,
        format: FHIRMediaType, request: Request
    ) -> Response {
        var bundle = bundle
        bundle.link = [BundleLink(relation: "self", url: FHIRURI(path + parameters.queryString(cursor: current)))]
        if let next {
            bundle.link.append(BundleLink(relation: "next", url: FHIRURI(path + parameters.queryString(cursor: next))))
        }
        return FHIRResponse.resource(.bundle(bundle), format: format, pretty: pretty(request))
    }
}
