import Foundation
import FHIRFormat
import Interactions

/// Content negotiation for the FHIR API (http://hl7.org/fhir/R4/http.html#mime-type): what a body is
/// and what the client accepts. The `_format` parameter wins over `Accept`.
enum FHIRMediaType {
    /// The Content-Type of every FHIR response.
    static let json = "application/fhir+json; fhirVersion=4.0"

    /// Checks that the response can be JSON; throws 406 when the client accepts only something else.
    static func negotiate(format: String?, accept: String?) throws {
        if let format {
            guard ["json", "application/json", "application/fhir+json", "application/json+fhir"]
                .contains(format.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "")
            else {
                throw FHIRError(.notAcceptable, "_format=\(format) is not available: this server writes FHIR JSON "
                    + "(_format=json or application/fhir+json)")
            }
            return
        }
        guard let accept, !accept.isEmpty else { return }
        let ranges = accept.split(separator: ",").map { range in
            range.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        }
        let acceptable = ["*/*", "application/*", "application/fhir+json", "application/json", "application/json+fhir"]
        guard ranges.contains(where: acceptable.contains) else {
            throw FHIRError(.notAcceptable, "Accept '\(accept)' names no format this server writes; it writes "
                + "application/fhir+json")
        }
    }

    /// Checks the Content-Type of a request body: FHIR JSON or plain JSON, FHIR version 4.0 if named.
    static func checkBody(contentType: String?) throws {
        guard let contentType else {
            throw FHIRError(.unsupportedMediaType, "The request has no Content-Type; send application/fhir+json")
        }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let mediaType = parts.first?.lowercased() ?? ""
        guard ["application/fhir+json", "application/json", "application/json+fhir"].contains(mediaType) else {
            throw FHIRError(.unsupportedMediaType, "Content-Type '\(contentType)' is not supported; send "
                + "application/fhir+json")
        }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("fhirversion=") {
            let version = parameter.dropFirst("fhirversion=".count)
            guard version == "4.0" || version == "4.0.1" else {
                throw FHIRError(.unsupportedMediaType, "fhirVersion=\(version) is not supported; this server speaks "
                    + "FHIR R4 (4.0)")
            }
        }
    }
}
