public import FHIRModels
import FHIRFormat

/// A Bundle file read as import data: its entries' resources as NDJSON lines, one per entry in order,
/// so a transaction Bundle an EHR wrote imports (and re-imports) exactly like Bulk Data NDJSON. A
/// Patient known by its `fullUrl` (`urn:uuid:…`) is given an id from it, and the references to that
/// fullUrl become `Patient/{id}`, the form the import resolves.
public enum ImportBundleLines {
    /// The lines of a Bundle file's bytes (FHIR JSON or XML by `name`); 400 when they are not a Bundle.
    public static func lines(ofFile bytes: some Collection<UInt8>, named name: String) throws -> [[UInt8]] {
        let resource: AnyResource
        do {
            resource = try FHIRFile.decode(bytes, named: name)
        } catch let error as FHIRDecodingError {
            throw FHIRError(.invalid, "\(name): \(error.description)")
        }
        guard case .bundle(let bundle) = resource else {
            throw FHIRError(.invalid, "\(name) is a \(resource.resourceType), not a Bundle")
        }
        return lines(bundle)
    }

    public static func lines(_ bundle: Bundle) -> [[UInt8]] {
        var patients: [String: String] = [:]  // fullUrl → Patient/{id}
        var resources: [AnyResource?] = bundle.entry.map(\.resource)
        for (index, entry) in bundle.entry.enumerated() {
            guard case .patient(var patient)? = entry.resource, let fullUrl = entry.fullUrl?.value else { continue }
            if patient.id?.value == nil { patient.id = FHIRId(localID(fullUrl, index: index)) }
            patients[fullUrl] = "Patient/\(patient.id?.value ?? "")"
            resources[index] = .patient(patient)
        }
        return resources.map { resource in
            guard let resource else { return Array(#"{"resourceType":"Basic"}"#.utf8) }  // an entry without a resource: skipped
            guard case .observation(var observation) = resource, let reference = observation.subject?.reference?.value,
                  let patient = patients[reference] else { return FHIRJSON.encode(resource) }
            observation.subject?.reference = FHIRString(patient)
            return FHIRJSON.encode(.observation(observation))
        }
    }

    /// An id (`[A-Za-z0-9\-.]{1,64}`) from a fullUrl: a UUID's own text, else the entry's position.
    private static func localID(_ fullUrl: String, index: Int) -> String {
        let tail = fullUrl.split(separator: ":").last.map(String.init) ?? ""
        let valid = !tail.isEmpty && tail.count <= 64 && tail.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
        return valid ? tail : "bundle-entry-\(index)"
    }
}
