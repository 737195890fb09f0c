import Foundation
import Hummingbird
import HTTPTypes
import Mapping
import NativeModel
import Store

/// Leaves one audit record for every request to `/fhir`, `/api/v1`, `/get_health_score` and the token
/// endpoint (issue 23): refused ones too (401, 403, 429), since who tried matters as much as who
/// succeeded. Inside it, the request runs with its `AuditScope` as a task-local, and a writing request
/// with the scope's `AuditHook`, so that each of its write transactions commits its own record. A request
/// that committed none (a read, a refusal, a write that failed) gets its record here, with the status it
/// was answered with, queued for the next batch.
struct AuditMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let trail: AuditTrail
    let clock: @Sendable () -> Instant

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        guard Self.isAudited(path) else { return try await next(request, context) }
        let (interaction, type) = AuditInteraction.of(method: request.method, path: path)
        let parameters = Self.parameterNames(request.uri.query)
        let scope = AuditScope(interaction: interaction, resourceType: type, parameters: parameters,
                               source: context.remoteAddress, request: context.record, clock: clock, trail: trail)
        let writes = AuditInteraction.writes(interaction)
        do {
            let response = try await AuditScope.$current.withValue(scope) {
                guard writes else { return try await next(request, context) }
                return try await AuditHook.$current.withValue(scope.hook) { try await next(request, context) }
            }
            await finish(scope, request: request, response: response, status: Int(response.status.code))
            return response
        } catch {
            let status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            await finish(scope, request: request, response: nil, status: status)
            throw error
        }
    }

    /// The record of a request that committed none in a transaction: what it showed, and for a path
    /// naming a resource (`Patient/3/$everything`, `/api/v1/users/3`) that resource, when it was answered.
    private func finish(_ scope: AuditScope, request: Request, response: Response?, status: Int) async {
        scope.finish()
        guard !scope.committedInTransaction else { return }
        if (200..<300).contains(status) {
            // What the answer showed is noted already; the path names what an answer without resources was about.
            if !scope.touchedAnything {
                for (entity, patient) in Self.pathEntities(request.uri.path) { scope.touch(entity: entity, patient: patient) }
            }
            if let location = response?.headers[.contentLocation], let job = Self.job(location) { scope.touch(entity: job) }
        }
        await trail.record(scope.record(status: status))
    }

    static func isAudited(_ path: String) -> Bool {
        path == "/fhir" || path.hasPrefix("/fhir/") || path.hasPrefix("/api/v1/") || path == "/get_health_score"
            || path == TokenController.tokenPath
    }

    /// The names of the query's parameters, in order, without repeats: never their values.
    static func parameterNames(_ query: String?) -> [String] {
        guard let query, !query.isEmpty else { return [] }
        var names: [String] = []
        for pair in query.split(separator: "&") {
            let raw = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let name = String(raw).removingPercentEncoding ?? String(raw)
            // A parameter name is a search parameter's (with its modifier or chain): keep it short and plain.
            let plain = String(name.prefix(64).filter { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.:$".contains($0)) })
            if !plain.isEmpty, !names.contains(plain) { names.append(plain) }
        }
        return names
    }

    /// The resource a path names: `/fhir/Patient/3…` is Patient/3, `/fhir/Observation/lab-1` that
    /// Observation; `/api/v1/users/3…` is Patient/3 and its measurement rows their Observations.
    static func pathEntities(_ path: String) -> [(entity: String, patient: String?)] {
        let segments = path.split(separator: "/").map(String.init)
        if segments.count >= 3, segments[0] == "fhir", segments[1] == "Patient" || segments[1] == "Observation",
           !segments[2].hasPrefix("$"), !segments[2].hasPrefix("_") {
            return [("\(segments[1])/\(segments[2])", segments[1] == "Patient" ? segments[2] : nil)]
        }
        if segments.count >= 4, segments[0] == "api", segments[2] == "users", let user = Int64(segments[3]) {
            var entities: [(String, String?)] = [("Patient/\(user)", String(user))]
            if segments.count >= 6, let table = Self.nativeTables[segments[4]], let row = Int64(segments[5]) {
                entities += AuditReferences.references(table: table, row: row).map { ($0, String(user)) }
            }
            return entities
        }
        return []
    }

    static let nativeTables: [String: NativeTable] = [
        ActivityRecord.pathSegment: ActivityRecord.table, SleepRecord.pathSegment: SleepRecord.table,
        BloodTestRecord.pathSegment: BloodTestRecord.table, VitalSignRecord.pathSegment: VitalSignRecord.table,
    ]

    /// The job a `Content-Location` of an asynchronous request names (`…/$import-poll-status/ID`).
    static func job(_ location: String) -> String? {
        for (marker, kind) in [("$import-poll-status/", "import-job"), ("$export-poll-status/", "export-job")] {
            if let range = location.range(of: marker) {
                let id = location[range.upperBound...].prefix { $0 != "?" && $0 != "/" }
                if !id.isEmpty { return "\(kind)/\(id)" }
            }
        }
        return nil
    }
}
