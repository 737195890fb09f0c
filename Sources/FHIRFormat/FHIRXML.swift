public import FHIRModels

/// FHIR XML (http://hl7.org/fhir/R4/xml.html) to and from the gateway's models.
public enum FHIRXML {
    public static let mediaType = "application/fhir+xml"

    /// Reads one resource. Throws `FHIRDecodingError` with every problem found, located as in JSON.
    public static func decode(_ bytes: some Collection<UInt8>) throws -> AnyResource {
        let issues = IssueCollector()
        return try AnyResource.decode(FHIRXMLReader(issues: issues).resource(Array(bytes)), issues: issues)
    }

    public static func encode(_ resource: AnyResource, pretty: Bool = false) -> [UInt8] {
        encode(node: resource.node, pretty: pretty)
    }

    public static func encode<R: FHIRResource>(_ resource: R, pretty: Bool = false) -> [UInt8] {
        encode(node: resource.node, pretty: pretty)
    }

    static func encode(node: ElementNode, pretty: Bool) -> [UInt8] {
        var writer = FHIRXMLWriter(pretty: pretty)
        if case .resource(let type, let children) = node.content { writer.writeDocument(type: type, children) }
        return writer.bytes
    }
}
