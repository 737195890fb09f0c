import FHIRModels
import Hummingbird
import Interactions
import Scoring
import Store

/// The operations of `/fhir` (http://hl7.org/fhir/R4/operations.html): `Patient/{id}/$health-score`,
/// `Patient/$health-score-population`,
/// `Patient/{id}/$everything`, `Observation/$stats` and `Observation/$lastn`, each by GET (parameters in the query) or POST (a
/// `Parameters` resource, or no body).
extension FHIRController {
    /// `{type}/{id}/${name}`. (Operations are dispatched from parameter routes: the router does not
    /// fall back from a literal `Patient` segment to `:type`, so a literal route would hide the others.)
    @Sendable func instanceOperation(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let type = context.parameters.get("type") ?? ""
        let name = context.parameters.get("operation") ?? ""
        guard name.hasPrefix("$") else {
            throw FHIRError(.notFound, "No FHIR endpoint \(request.method) \(request.uri.path)")
        }
        let operation = try Self.operation(type, name, onInstance: true)
        switch operation.name {
        case HealthScoreOperation.name: return try await healthScore(request, context: context)
        case OperationCapability.everything.name: return try await everything(request, context: context)
        default: throw FHIRError(.notFound, "\(type)/{id}/\(name) is not an operation of this server")
        }
    }

    /// `{type}/${name}`: reached through the `{type}/{id}` routes, as an id never starts with `$`.
    func typeOperation(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let type = context.parameters.get("type") ?? ""
        let name = context.parameters.get("id") ?? ""
        switch try Self.operation(type, name, onInstance: false).name {
        case OperationCapability.stats.name: return try await stats(request, context: context)
        case OperationCapability.healthScorePopulation.name: return try await healthScorePopulation(request, context: context)
        case OperationCapability.lastN.name: return try await lastN(request, context: context)
        case OperationCapability.patientExport.name: return try await exportKickOff(.allPatients, request, context: context)
        default: throw FHIRError(.notFound, "\(type)/\(name) is not an operation of this server")
        }
    }

    /// The operation `name` (`$stats`) on `type`, as the CapabilityStatement lists it; 404 otherwise.
    static func operation(_ type: String, _ name: String, onInstance: Bool) throws -> OperationCapability {
        let capability = try served(type)
        let offered = capability.operations.filter { $0.onInstance == onInstance }
        guard let operation = offered.first(where: { "$" + $0.name == name }) else {
            let list = offered.map { "$" + $0.name }
            throw FHIRError(.notFound, "\(type) has no \(onInstance ? "instance" : "type")-level operation \(name)"
                + (list.isEmpty ? "" : "; it has \(list.joined(separator: ", "))"))
        }
        return operation
    }

    @Sendable func healthScore(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let input = try await operationInput(request, name: "$health-score")
        let score = try await interactions(request, context).healthScore(patientID: context.parameters.get("id") ?? "", input: input,
                                                                statistics: statistics)
        let figures = authorization.showsPopulationFigures(of: score.populationPatients)
        return FHIRResponse.resource(.parameters(try HealthScoreOperation.parameters(score, populationFigures: figures)),
                                     format: format, pretty: pretty(request, context))
    }

    /// `Patient/$health-score-population`; with authorization on, only for a population of at least
    /// `--auth-min-population` patients (422 otherwise), as `$health-score`'s population figures.
    func healthScorePopulation(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let operation = "$" + HealthScorePopulationOperation.name
        let input = try await operationInput(request, name: operation)
        let interactions = interactions(request, context)
        let snapshot = try await interactions.healthScorePopulation(input, statistics: statistics)
        guard authorization.showsPopulationFigures(of: snapshot.patients) else {
            throw FHIRError(.unprocessable, "\(operation): the population of \(snapshot.window) has \(snapshot.patients) "
                + "patients, fewer than the server shows population figures for (--auth-min-population)")
        }
        return FHIRResponse.resource(.parameters(HealthScorePopulationOperation.parameters(snapshot, now: interactions.now())),
                                     format: format, pretty: pretty(request, context))
    }

    @Sendable func stats(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let input = try await operationInput(request, name: "$stats")
        return FHIRResponse.resource(.parameters(try await interactions(request, context).stats(input, statistics: statistics)), format: format,
                                     pretty: pretty(request, context))
    }

    @Sendable func lastN(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let input = try await operationInput(request, name: "$lastn")
        let query = request.uri.query.map { "?" + $0 } ?? ""
        let bundle = try await interactions(request, context).lastN(input, selfLink: "\(baseURL(request, context))/Observation/$lastn\(query)")
        return FHIRResponse.resource(.bundle(bundle), format: format, pretty: pretty(request, context))
    }

    @Sendable func everything(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let format = try negotiate(request, context)
        let input = try await operationInput(request, name: "$everything")
        let id = context.parameters.get("id") ?? ""
        let query = request.method == .get ? (request.uri.query.map { "?" + $0 } ?? "") : ""
        let bundle = try await interactions(request, context).everything(
            patientID: id, input, selfLink: "\(baseURL(request, context))/Patient/\(id)/$everything\(query)", cursorKey: cursorKey)
        return FHIRResponse.resource(.bundle(bundle), format: format, pretty: pretty(request, context))
    }

    /// The operation's parameters: the query string of a GET; the `Parameters` body of a POST (JSON or
    /// XML by Content-Type), or none.
    func operationInput(_ request: Request, name: String) async throws -> OperationInput {
        guard request.method == .post else {
            return OperationInput(operation: name, query: request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        }
        let buffer = try await request.body.collect(upTo: maxBodySize)
        guard buffer.readableBytes > 0 else { return OperationInput(operation: name, query: []) }
        let format = try FHIRMediaType.ofBody(contentType: request.headers[.contentType])
        guard case .parameters(let parameters) = try format.decode(buffer.readableBytesView) else {
            throw FHIRError(.invalid, "POST \(name) takes a Parameters resource", at: "resourceType")
        }
        return try OperationInput(operation: name, parameters: parameters)
    }
}
