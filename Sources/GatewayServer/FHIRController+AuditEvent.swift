import Access
import Auth
import FHIRModels
import Hummingbird
import HTTPTypes
import Interactions
import Search

/// The audit trail as FHIR AuditEvents (issue 23): `GET /fhir/AuditEvent?date=&agent=&entity=&patient=&_count=`
/// and `GET /fhir/AuditEvent/{id}`. With authorization on, only a token with an explicit AuditEvent scope
/// of the `system/` context may read it (`system/AuditEvent.rs`, or `.read`): who looked at whose records
/// is itself sensitive, so neither `system/*.rs` nor any patient or user scope reaches it.
extension FHIRController {
    func registerAuditEvents(on fhir: RouterGroup<GatewayRequestContext>) {
        fhir.get("AuditEvent", use: searchAuditEvents)
        fhir.get("AuditEvent/:id", use: readAuditEvent)
        // Every other interaction on the type is 405: the trail is read, never written through the API.
        let refuse: @Sendable (Request, GatewayRequestContext) async throws -> Response = { _, _ in
            throw Self.auditEventRefusal(nil)
        }
        for method in [HTTPRequest.Method.post, .put, .delete, .patch] {
            fhir.on("AuditEvent", method: method, use: refuse)
            fhir.on("AuditEvent/:id", method: method, use: refuse)
        }
        fhir.get("AuditEvent/:id/_history", use: refuse)
        fhir.get("AuditEvent/:id/_history/:version", use: refuse)
    }

    @Sendable func searchAuditEvents(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        try Self.checkAuditAccess(authorization, context.identity, .search)
        let parameters = try SearchQueryString.parameters(request.uri.query ?? "")
            .filter { !["_format", "_pretty"].contains($0.name) }.map { (name: $0.name, value: $0.value) }
        let bundle = try await AuditEventSearch(store: store, serverBase: baseURL(request, context)).search(parameters)
        return FHIRResponse.resource(.bundle(bundle), format: format, pretty: pretty(request, context))
    }

    @Sendable func readAuditEvent(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        if context.parameters.get("id") == "_history" { throw Self.auditEventRefusal(.historyType) }
        try Self.checkAuditAccess(authorization, context.identity, .read)
        let event = try await AuditEventSearch(store: store, serverBase: baseURL(request, context))
            .read(context.parameters.get("id") ?? "")
        return FHIRResponse.resource(event, format: format, pretty: pretty(request, context))
    }

    /// The 405 of every interaction but read and search on AuditEvent.
    static func auditEventRefusal(_ interaction: FHIRInteraction?) -> FHIRError {
        FHIRError(.methodNotAllowed, "\(interaction.map { "\($0.rawValue) is" } ?? "This method is") not supported on "
            + "AuditEvent: the audit trail is read (read, search-type), never written through the API")
    }

    /// 403 unless authorization is off or the token names `system/AuditEvent` with `verb`.
    static func checkAuditAccess(_ authorization: GatewayAuthorization, _ identity: AuthIdentity?, _ verb: AccessVerb) throws {
        guard authorization.isEnabled else { return }
        let granted = (identity?.scope ?? "").split(separator: " ").contains { text in
            guard let scope = SMARTScope(String(text)) else { return false }
            return scope.context == .system && scope.resourceType == "AuditEvent" && scope.verbs.contains(verb)
                && scope.categories == nil
        }
        guard granted else {
            throw FHIRError(.forbidden, "Reading the audit trail needs the scope system/AuditEvent.\(AccessVerb.letters([verb])) "
                + "(system/AuditEvent.rs); no other scope reaches it")
        }
    }
}
