import FHIRModels
import Hummingbird
import HTTPTypes
import Interactions
import NIOCore
import Store

/// The kick-off of a Bulk Data export (http://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-kick-off-request):
/// `GET|POST /fhir/$export` and `GET|POST /fhir/Patient/$export`, parameters in the query or in a
/// `Parameters` body, `Prefer: respond-async` required. The answer is 202 with the status URL in
/// `Content-Location`, which `ExportController` serves.
extension FHIRController {
    @Sendable func systemExport(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await exportKickOff(.system, request, context: context)
    }

    func exportKickOff(_ level: ExportRequest.Level, _ request: Request, context: GatewayRequestContext) async throws
        -> Response
    {
        let tokens = FHIRReturnPreference.tokens(request.headers[.prefer])
        guard tokens.contains("respond-async") else {
            throw FHIRError(.invalid, "A bulk export runs asynchronously: send the header Prefer: respond-async "
                + "(http://hl7.org/fhir/uv/bulkdata/export.html#headers)")
        }
        let name = level == .system ? "$export" : "Patient/$export"
        let input = try await operationInput(request, name: name)
        let base = baseURL(request, context)
        let query = request.method == .get ? (request.uri.query.map { "?" + $0 } ?? "") : ""
        let interactions = interactions(request, context)
        let exportRequest = try await interactions.exportRequest(
            level, input, lenient: FHIRReturnPreference.lenient(prefer: request.headers[.prefer]),
            request: "\(base)/\(name)\(query)")
        let job = try await exports.start(exportRequest, access: context.access, serverBase: base)
        let statusURL = "\(base)/\(ExportController<Store>.statusPath)/\(job.id)"
        var response = FHIRResponse.resource(.operationOutcome(OperationOutcomes.outcome([
            FHIRIssue(.information, .informational, "Export job \(job.id) accepted (\(exportRequest.types.joined(separator: ", "))); "
                      + "its status is at \(statusURL)"),
        ])), status: .accepted, format: .json, pretty: false)
        response.headers[.contentLocation] = statusURL
        return response
    }
}
