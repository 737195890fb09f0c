import FHIRFormat
import FHIRModels
import Foundation
import Hummingbird
import HTTPTypes
import Interactions
import NativeModel
import Scoring
import Store

/// `/fhir`: the FHIR R4 RESTful API (http://hl7.org/fhir/R4/http.html). Routes dispatch by
/// `ResourceCapability.all`, the table the CapabilityStatement is built from; a type the server does
/// not serve is 404, an interaction it does not offer for a type 405.
struct FHIRController<Store: HealthStore> {
    let store: Store
    let statistics: PopulationStatistics<Store>
    let imports: ImportJobs<Store>
    let exports: ExportJobs<Store>
    /// Signs and checks the cursors of search page links.
    let cursorKey: SearchCursorKey<Store>
    /// What the interactions take as now (`GatewayConfiguration.clock`).
    let clock: @Sendable () -> Instant
    let maxBodySize: Int
    /// The largest transaction or batch Bundle (`http.maxBundleSize`).
    let maxBundleSize: Int
    /// Bounds the Bundles above `maxBodySize` in progress at once.
    let largeBundles: BundleAdmission
    /// `serve --auth`: what discovery and the CapabilityStatement say, and the population minimum of
    /// `$health-score`'s figures.
    let authorization: GatewayAuthorization
    let version: String
    let releaseDate: String
    /// Where clients reach the API (`--public-url`, `--trusted-proxy`).
    var address = FHIRAddress()

    func register(on router: Router<GatewayRequestContext>) {
        let fhir = router.group("fhir").add(middleware: FHIRErrorMiddleware(address: address))
        fhir.get("metadata", use: metadata)
        fhir.get(".well-known/smart-configuration", use: smartConfiguration)
        fhir.post(use: processBundle)
        ImportController(jobs: imports).register(on: fhir)
        fhir.get("$export", use: systemExport)
        fhir.post("$export", use: systemExport)
        ExportController(jobs: exports, authorization: authorization).register(on: fhir)
        registerAuditEvents(on: fhir)
        fhir.get("_history", use: systemHistory)
        fhir.get(":type/_history", use: typeHistory)
        fhir.get(":type", use: search)
        fhir.post(":type", use: create)
        fhir.get(":type/:id", use: read)
        fhir.get(":type/:id/_history/:version", use: vread)
        fhir.get(":type/:id/_history", use: history)
        fhir.put(":type/:id", use: update)
        fhir.delete(":type/:id", use: delete)
        fhir.patch(":type/:id", use: { request, context in try await refuse(.patch, request, context) })
        fhir.put(":type", use: conditionalUpdate)
        for method in [HTTPRequest.Method.delete, .patch] {
            fhir.on(":type", method: method) { request, context in try await refuse(nil, request, context) }
        }
        fhir.post(":type/:id") { request, context in
            let id = context.parameters.get("id")
            if id?.hasPrefix("$") == true { return try await typeOperation(request, context: context) }
            if id == "_search" { return try await searchByPost(request, context: context) }
            return try await refuse(nil, request, context)
        }
        fhir.get(":type/:id/:operation", use: instanceOperation)
        fhir.post(":type/:id/:operation", use: instanceOperation)
    }

    @Sendable func metadata(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        var security: CapabilityStatementRestSecurity?
        if case .smart(let smart) = authorization {
            security = CapabilityStatementBuilder.smartSecurity(authorize: smart.authorizationEndpoint,
                                                                token: smart.advertisedTokenEndpoint)
        }
        let statement = CapabilityStatementBuilder.statement(software: version, releaseDate: releaseDate,
                                                             serverBase: baseURL(request, context), security: security)
        return FHIRResponse.resource(.capabilityStatement(statement), format: format, pretty: pretty(request, context))
    }

    /// SMART discovery (http://hl7.org/fhir/smart-app-launch/conformance.html#using-well-known): public,
    /// and only when authorization is on.
    @Sendable func smartConfiguration(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        guard case .smart(let smart) = authorization else {
            throw FHIRError(.notFound, "This server runs without authorization (serve --auth none): it has no SMART "
                + "configuration")
        }
        return SMARTConfiguration(smart).response
    }

    @Sendable func read(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        if context.parameters.get("id")?.hasPrefix("$") == true { return try await typeOperation(request, context: context) }
        let format = try negotiate(request, context)
        let (type, id) = try address(context, .read)
        let result = try await interactions(request, context).read(type, id: id)
        return FHIRResponse.result(result, preference: .representation, baseURL: baseURL(request, context), format: format,
                                   pretty: pretty(request, context), summary: "")
    }

    @Sendable func vread(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let (type, id) = try address(context, .vread)
        let result = try await interactions(request, context).vread(type, id: id, version: context.parameters.get("version") ?? "")
        return FHIRResponse.result(result, preference: .representation, baseURL: baseURL(request, context), format: format,
                                   pretty: pretty(request, context), summary: "")
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let type = try resourceType(context, .create)
        let resource = try await body(request, type: type)
        let result = try await interactions(request, context).create(resource, ifNoneExist: request.headers[.ifNoneExist])
        return respond(result, to: request, context, format: format, summary: "Created \(result.address ?? type)")
    }

    @Sendable func update(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let (type, id) = try address(context, .update)
        let resource = try await body(request, type: type)
        let result = try await interactions(request, context).update(type, id: id, resource, ifMatch: request.headers[.ifMatch])
        return respond(result, to: request, context, format: format, summary: "Updated \(type)/\(id)")
    }

    /// `PUT /fhir/Patient?identifier=system|value` (http://hl7.org/fhir/R4/http.html#cond-update).
    @Sendable func conditionalUpdate(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let type = context.parameters.get("type") ?? ""
        _ = try Self.capability(type, .update)
        guard let query = request.uri.query, !query.isEmpty else {
            throw FHIRError(.methodNotAllowed, "PUT needs an id (PUT \(type)/{id}) or a condition (PUT \(type)?identifier=system|value)")
        }
        let resource = try await body(request, type: type)
        let result = try await interactions(request, context).conditionalUpdate(type, query: query, resource)
        return respond(result, to: request, context, format: format, summary: "Updated \(type) matching \(query)")
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let (type, id) = try address(context, .delete)
        let result = try await interactions(request, context).delete(type, id: id)
        return respond(result, to: request, context, format: format, summary: "Deleted \(type)/\(id)")
    }

    /// `POST /fhir`: a transaction or batch Bundle (http://hl7.org/fhir/R4/http.html#transaction).
    /// Bundles have a limit of their own (`maxBundleSize`, 64 MiB by default): a real patient's record is
    /// several MB. One that is (or may be, without a `Content-Length`) larger than `maxBodySize` is
    /// read and mapped as one of `largeBundles`, its decoding on the background executor so that it
    /// never holds an event loop.
    @Sendable func processBundle(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let lenient = FHIRReturnPreference.lenient(prefer: request.headers[.prefer])
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > maxBundleSize {
            throw FHIRError(.tooLarge, "The Bundle is \(declared) bytes; the largest this server takes is \(maxBundleSize) "
                + "(http.maxBundleSize)")
        }
        let large = (declared ?? Int.max) > maxBodySize
        let process = { () async throws -> Response in
            // A lenient transaction skips the entries the gateway does not keep: they are not read at all.
            let resource = try await body(request, type: "Bundle", limit: maxBundleSize, inBackground: large,
                                          keepingOnly: lenient ? ResourceCapability.writableTypes : nil)
            guard case .bundle(let bundle) = resource else {
                throw FHIRError(.invalid, "POST /fhir takes a Bundle", at: "resourceType")
            }
            AuditScope.current?.interaction = bundle.type?.value == "batch" ? "batch" : "transaction"
            let response = try await interactions(request, context).process(bundle, lenient: lenient)
            return FHIRResponse.resource(.bundle(response), format: format, pretty: pretty(request, context))
        }
        guard large else { return try await process() }
        return try await largeBundles.admitting(process)
    }

    // MARK: request parts

    private func respond(_ result: InteractionResult, to request: Request, _ context: GatewayRequestContext,
                         format: FHIRMediaType, summary: String) -> Response
    {
        FHIRResponse.result(result, preference: FHIRReturnPreference(prefer: request.headers[.prefer]),
                            baseURL: baseURL(request, context), format: format, pretty: pretty(request, context), summary: summary)
    }

    /// The interactions for one request, with the caller's access policy.
    func interactions(_ request: Request, _ context: GatewayRequestContext) -> FHIRInteractions<Store> {
        FHIRInteractions(store: store, serverBase: baseURL(request, context), access: context.access, now: clock)
    }

    /// The resource in the body, FHIR JSON or XML by its Content-Type, of the type the URL names; at
    /// most `limit` bytes (`maxBodySize` unless given). `inBackground` decodes it on the background
    /// executor (a large Bundle takes seconds).
    func body(_ request: Request, type: String, limit: Int? = nil, inBackground: Bool = false,
              keepingOnly keptTypes: Set<String>? = nil) async throws -> AnyResource {
        let format = try FHIRMediaType.ofBody(contentType: request.headers[.contentType])
        let buffer = try await request.body.collect(upTo: limit ?? maxBodySize)
        guard buffer.readableBytes > 0 else { throw FHIRError(.invalid, "The request has no body: send a \(type)") }
        let resource = inBackground
            ? try await Task(executorPreference: BackgroundExecutor.shared) {
                try format.decode(buffer.readableBytesView, keepingOnly: keptTypes)
            }.value
            : try format.decode(buffer.readableBytesView, keepingOnly: keptTypes)
        guard resource.resourceType == type else {
            throw FHIRError(.invalid, "The body is a resource of type \(resource.resourceType); the URL names \(type)",
                            at: "resourceType")
        }
        return resource
    }

    /// The response format `FHIRErrorMiddleware` negotiated for the request; 406 when there is none.
    func negotiate(_ request: Request, _ context: GatewayRequestContext) throws -> FHIRMediaType {
        try context.exchange(request).format()
    }

    func pretty(_ request: Request, _ context: GatewayRequestContext) -> Bool { context.exchange(request).pretty }

    /// The base URL clients reach the FHIR API at.
    func baseURL(_ request: Request, _ context: GatewayRequestContext) -> String { context.exchange(request).baseURL }

    func resourceType(_ context: GatewayRequestContext, _ interaction: FHIRInteraction) throws -> String {
        let type = context.parameters.get("type") ?? ""
        _ = try Self.capability(type, interaction)
        return type
    }

    func address(_ context: GatewayRequestContext, _ interaction: FHIRInteraction) throws -> (String, String) {
        let id = context.parameters.get("id") ?? ""
        if id == "_history" {  // /fhir/{type}/_history: type-level history, not a resource id
            _ = try Self.capability(context.parameters.get("type") ?? "", .historyType)
        }
        return (try resourceType(context, interaction), id)
    }

    /// The capability serving `interaction` on `type`: 404 for a type not served, 405 for an interaction
    /// the type does not offer.
    static func capability(_ type: String, _ interaction: FHIRInteraction?) throws -> ResourceCapability {
        if type == "AuditEvent" { throw auditEventRefusal(interaction) }  // its own routes: read and search
        let capability = try served(type)
        guard let interaction, capability.interactions.contains(interaction) else {
            let offered = FHIRInteraction.allCases.filter(capability.interactions.contains).map(\.rawValue)
            throw FHIRError(.methodNotAllowed, "\(interaction.map { "\($0.rawValue) is" } ?? "This method is") not "
                + "supported on \(type); it supports \(offered.joined(separator: ", "))")
        }
        return capability
    }

    /// The capability of a type the server serves: 404 for a name that is no R4 type or a type not served.
    static func served(_ type: String) throws -> ResourceCapability {
        guard AnyResource.resourceTypes.contains(type) else {
            if type == "metadata" { throw FHIRError(.methodNotAllowed, "metadata is read with GET") }
            throw FHIRError(.notFound, "'\(type)' is not a FHIR R4 resource type")
        }
        guard let capability = ResourceCapability.named(type) else {
            throw FHIRError(.notFound, "This server does not serve \(type) resources; it serves "
                + ResourceCapability.all.map(\.type).joined(separator: ", "))
        }
        return capability
    }

    private func refuse(_ interaction: FHIRInteraction?, _ request: Request, _ context: GatewayRequestContext)
        async throws -> Response
    {
        _ = try Self.capability(context.parameters.get("type") ?? "", interaction)
        throw FHIRError(.methodNotAllowed, "\(request.method) is not supported here")
    }
}
