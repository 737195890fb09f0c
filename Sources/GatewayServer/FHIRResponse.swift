import FHIRFormat
import FHIRModels
import Foundation
import NativeModel
import Hummingbird
import HTTPTypes
import Interactions

/// FHIR responses: the body in the negotiated format and the headers of http.html#read and http.html#create
/// (`ETag`, `Last-Modified`, `Location`), plus a `Warning` per issue the request raised.
enum FHIRResponse {
    /// The resources shown are noted in the request's audit record (`AuditScope`).
    static func resource(
        _ resource: AnyResource, status: HTTPResponse.Status = .ok, format: FHIRMediaType, pretty: Bool
    ) -> Response {
        AuditScope.current?.touch(resource)
        return Response(status: status, headers: [.contentType: format.contentType],
                 body: .init(byteBuffer: ByteBuffer(bytes: format.encode(resource, pretty: pretty))))
    }

    /// The response to an interaction, shaped by the client's `Prefer: return=…`.
    static func result(
        _ result: InteractionResult, preference: FHIRReturnPreference, baseURL: String, format: FHIRMediaType,
        pretty: Bool, summary: String
    ) -> Response {
        let status = HTTPResponse.Status(code: result.status.rawValue)
        var response: Response
        switch (preference, result.resource) {
        case (.representation, let resource?):
            response = Self.resource(resource, status: status, format: format, pretty: pretty)
        case (.operationOutcome, _), (.representation, nil):
            response = Self.resource(.operationOutcome(result.outcome(summary: summary)), status: status, format: format,
                                     pretty: pretty)
        case (.minimal, _):
            response = Response(status: status == .ok && result.resource == nil ? .noContent : status)
        }
        if let versionID = result.versionID { response.headers[.eTag] = "W/\"\(versionID)\"" }
        if let lastUpdated = result.lastUpdated.flatMap(httpDate) { response.headers[.lastModified] = lastUpdated }
        if result.status == .created, let address = result.address, let versionID = result.versionID {
            response.headers[.location] = "\(baseURL)/\(address)/_history/\(versionID)"
        }
        for issue in result.issues.filter({ $0.severity == .warning }).prefix(20) {
            let text = issue.description.replacingOccurrences(of: "\"", with: "'")
            response.headers.append(HTTPField(name: .warning, value: "299 healthgateway \"\(text)\""))
        }
        return response
    }

    /// An RFC 9110 HTTP-date of a FHIR instant, for `Last-Modified`.
    static func httpDate(_ instant: String) -> String? {
        OffsetDateTime(parsing: instant)?.instant.imfFixdate
    }
}

extension HTTPField.Name {
    static let warning = HTTPField.Name("Warning")!
    /// http://hl7.org/fhir/R4/http.html#ccreate
    static let ifNoneExist = HTTPField.Name("If-None-Exist")!
    /// RFC 7240, http://hl7.org/fhir/R4/http.html#ops
    static let prefer = HTTPField.Name("Prefer")!
    /// Bulk Data's progress of an asynchronous request (http://hl7.org/fhir/uv/bulkdata/export.html#response---in-progress-status).
    static let xProgress = HTTPField.Name("X-Progress")!
}
