public import FHIRModels

/// FHIR XML (http://hl7.org/fhir/R4/xml.html) to and from the gateway's models.
public enum FHIRXML {
    public static let mediaType = "application/fhir+xml"

    /// Reads one resource. Throws `FHIRDecodingError` with every problem found, located as in JSON.
    public static func decode(_ bytes: some Collection<UInt8>) throws -> AnyResource {
        let issues = IssueCollector()
        guard let node = FHIRXMLReader(issues: issues).resource(Array(bytes)),
              case .resource(let type, let children) = node.content
        else { throw FHIRDecodingError(issues.issues.filter { $0.severity == .error }) }
        guard let resource = AnyResource.decode(type: type, children, at: type, issues: issues),
              !issues.issues.contains(where: { $0.severity == .error })
        else { throw FHIRDecodingError(issues.issues.filter { $0.severity == .error }) }
        return resource
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
