import Access
import FHIRModels
import Hummingbird
import Interactions
import Store

/// The history interactions of `/fhir` (http://hl7.org/fhir/R4/http.html#history): instance, type and
/// system level, each a `history` Bundle with `self` and `next` links.
extension FHIRController {
    @Sendable func history(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let (type, id) = try address(context, .historyInstance)
        let parameters = try FHIRHistoryParameters(request)
        var query = parameters.query
        query.beforeVersion = try parameters.versionCursor(try await openCursor(parameters.cursor, context))
        let base = baseURL(request, context)
        let (bundle, next) = try await interactions(request, context).history(type, id: id, query: query, baseURL: base)
        return historyResponse(bundle, path: "\(base)/\(type)/\(id)/_history", parameters: parameters,
                               current: parameters.cursor,
                               next: try await sealCursor(next.map { PageCursor.encode(PageKey(id: Int64($0))) }, context),
                               format: format, request: request, context: context)
    }

    @Sendable func typeHistory(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let type = try resourceType(context, .historyType)
        return try await changes(type: type, path: "\(baseURL(request, context))/\(type)/_history", format: format, request: request,
                                 context: context)
    }

    @Sendable func systemHistory(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        return try await changes(type: nil, path: "\(baseURL(request, context))/_history", format: format, request: request,
                                 context: context)
    }

    private func changes(type: String?, path: String, format: FHIRMediaType, request: Request,
                         context: GatewayRequestContext) async throws -> Response {
        let parameters = try FHIRHistoryParameters(request)
        let after = try parameters.changeCursor(try await openCursor(parameters.cursor, context))
        let (bundle, next) = try await interactions(request, context).history(type: type, query: parameters.query,
                                                                              after: after, baseURL: baseURL(request, context))
        return historyResponse(bundle, path: path, parameters: parameters, current: parameters.cursor,
                               next: try await sealCursor(next.map(ChangeCursor.encode), context), format: format,
                               request: request, context: context)
    }

    /// History cursors are signed for the caller's policy (`SearchCursorKey.seal`): replayed under a
    /// token that grants other things, a cursor is a 400.
    private func sealCursor(_ text: String?, _ context: GatewayRequestContext) async throws -> String? {
        guard let text else { return nil }
        do {
            return try await cursorKey.seal(text, binding: context.access.fingerprint)
        } catch let error as StoreError {
            throw FHIRError(error, resource: "history")
        }
    }

    private func openCursor(_ text: String?, _ context: GatewayRequestContext) async throws -> String? {
        guard let text else { return nil }
        do {
            return try await cursorKey.open(text, binding: context.access.fingerprint)
        } catch let error as StoreError {
            throw FHIRError(error, resource: "history")
        }
    }

    /// A history Bundle with its `self` and `next` links (http://hl7.org/fhir/R4/http.html#paging).
    private func historyResponse(
        _ bundle: FHIRModels.Bundle, path: String, parameters: FHIRHistoryParameters, current: String?, next: String?,
        format: FHIRMediaType, request: Request, context: GatewayRequestContext
    ) -> Response {
        var bundle = bundle
        bundle.link = [BundleLink(relation: "self", url: FHIRURI(path + parameters.queryString(cursor: current)))]
        if let next {
            bundle.link.append(BundleLink(relation: "next", url: FHIRURI(path + parameters.queryString(cursor: next))))
        }
        return FHIRResponse.resource(.bundle(bundle), format: format, pretty: pretty(request, context))
    }
}
