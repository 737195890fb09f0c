import FHIRModels
import Mapping
public import NativeModel

/// The search of a conditional create (`If-None-Exist`, http://hl7.org/fhir/R4/http.html#ccreate) or
/// update (`PUT Patient?…`, http://hl7.org/fhir/R4/http.html#cond-update). The gateway matches on an
/// identifier, `identifier=system|value`; when several Patients have it, the match fails with 412.
/// `header` names where the query came from, for messages.
public enum ConditionalQuery {
    public static func identifier(_ query: String, in header: String = "If-None-Exist") throws -> ExternalIdentifier {
        let query = query.hasPrefix("?") ? String(query.dropFirst()) : query
        let parameters = query.split(separator: "&")
        guard parameters.count == 1, parameters[0].hasPrefix("identifier="),
              let bar = parameters[0].firstIndex(of: "|")
        else {
            throw FHIRError(.invalid, "\(header) supports one parameter, identifier=system|value; got '\(query)'")
        }
        let start = parameters[0].index(parameters[0].startIndex, offsetBy: "identifier=".count)
        guard let system = String(parameters[0][start..<bar]).decodingQueryComponent,
              let value = String(parameters[0][parameters[0].index(after: bar)...]).decodingQueryComponent,
              !system.isEmpty, !value.isEmpty
        else {
            throw FHIRError(.invalid, "\(header) must name both the identifier's system and value: "
                + "identifier=system|value")
        }
        return ExternalIdentifier(system: system, value: value)
    }
}
