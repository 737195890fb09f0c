import FHIRFormat
import FHIRModels
import Foundation
import Interactions

/// The two FHIR formats and content negotiation between them (http://hl7.org/fhir/R4/http.html#mime-type):
/// request bodies by `Content-Type`, responses by `_format`, then `Accept` (q-values, wildcards), then JSON.
enum FHIRMediaType: Equatable {
    case json, xml

    /// The Content-Type of a response in this format.
    var contentType: String {
        switch self {
        case .json: return FHIRJSON.mediaType + "; fhirVersion=4.0"
        case .xml: return FHIRXML.mediaType + "; fhirVersion=4.0"
        }
    }

    func encode(_ resource: AnyResource, pretty: Bool) -> [UInt8] {
        switch self {
        case .json: return FHIRJSON.encode(resource, pretty: pretty)
        case .xml: return FHIRXML.encode(resource, pretty: pretty)
        }
    }

    /// The resource of `bytes`; `keepingOnly` steps over a JSON Bundle's entries of other types
    /// (`FHIRJSON.decode(_:keepingOnly:)`; XML reads them all).
    func decode(_ bytes: some Collection<UInt8>, keepingOnly keptTypes: Set<String>? = nil) throws -> AnyResource {
        switch self {
        case .json: return try FHIRJSON.decode(bytes, keepingOnly: keptTypes)
        case .xml: return try FHIRXML.decode(bytes)
        }
    }

    /// The format a media type (without parameters) or a `_format` value names.
    static func named(_ name: some StringProtocol) -> FHIRMediaType? {
        switch name.lowercased() {
        case "json", "application/fhir+json", "application/json", "application/json+fhir": return .json
        case "xml", "application/fhir+xml", "application/xml", "text/xml", "application/xml+fhir": return .xml
        default: return nil
        }
    }

    /// The response format: `_format` wins, then the most preferred acceptable `Accept` range, then JSON.
    /// Throws 406 when the client accepts nothing the server writes.
    static func negotiate(format: String?, accept: String?) throws -> FHIRMediaType {
        if let format {
            let name = format.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let chosen = named(name) else {
                throw FHIRError(.notAcceptable, "_format=\(format) is not a format this server writes: use json or xml "
                    + "(or application/fhir+json, application/fhir+xml)")
            }
            return chosen
        }
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return .json }
        var ranges: [(format: FHIRMediaType, quality: Double, order: Int)] = []
        for (order, range) in accept.split(separator: ",").enumerated() {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            guard quality > 0, let name = parts.first else { continue }
            let format = name == "*/*" || name == "application/*" ? .json : named(name)
            if let format { ranges.append((format, quality, order)) }
        }
        guard let best = ranges.max(by: { ($0.quality, -$0.order) < ($1.quality, -$1.order) }) else {
            throw FHIRError(.notAcceptable, "Accept '\(accept)' names no format this server writes: "
                + "application/fhir+json or application/fhir+xml")
        }
        return best.format
    }

    /// The format of a request body, from its Content-Type (FHIR version 4.0 if named); 415 otherwise.
    static func ofBody(contentType: String?) throws -> FHIRMediaType {
        guard let contentType else {
            throw FHIRError(.unsupportedMediaType, "The request has no Content-Type; send application/fhir+json or "
                + "application/fhir+xml")
        }
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let format = named(parts.first ?? "") else {
            throw FHIRError(.unsupportedMediaType, "Content-Type '\(contentType)' is not supported; send "
                + "application/fhir+json or application/fhir+xml")
        }
        for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("fhirversion=") {
            let version = parameter.dropFirst("fhirversion=".count)
            guard version == "4.0" || version == "4.0.1" else {
                throw FHIRError(.unsupportedMediaType, "fhirVersion=\(version) is not supported; this server speaks "
                    + "FHIR R4 (4.0)")
            }
        }
        return format
    }
}
