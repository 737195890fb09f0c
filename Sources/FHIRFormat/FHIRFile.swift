public import FHIRModels

/// A FHIR resource stored in a file, in the format its name says: `.xml` is FHIR XML, anything else
/// FHIR JSON (http://hl7.org/fhir/R4/formats.html).
public enum FHIRFile {
    public static func decode(_ bytes: some Collection<UInt8>, named name: String) throws -> AnyResource {
        name.lowercased().hasSuffix(".xml") ? try FHIRXML.decode(bytes) : try FHIRJSON.decode(bytes)
    }
}
