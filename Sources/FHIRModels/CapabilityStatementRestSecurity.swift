/// How the server's RESTful API is secured (http://hl7.org/fhir/R4/capabilitystatement-definitions.html#CapabilityStatement.rest.security):
/// for SMART on FHIR, the `SMART-on-FHIR` service coding and the `oauth-uris` extension
/// (http://hl7.org/fhir/smart-app-launch/conformance.html#using-cors).
public struct CapabilityStatementRestSecurity: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var cors: FHIRBoolean?
    public var service: [CodeableConcept]
    public var description: FHIRMarkdown?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        cors: FHIRBoolean? = nil,
        service: [CodeableConcept] = [],
        description: FHIRMarkdown? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.cors = cors
        self.service = service
        self.description = description
    }

    public static let definitionPath = "CapabilityStatement.rest.security"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("cors", "boolean"),
        ElementSpec("service", "CodeableConcept", repeats: true),
        ElementSpec("description", "markdown"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        cors = reader.primitive("cors")
        service = reader.elements("service")
        description = reader.primitive("description")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("cors", cors)
        writer.write("service", service)
        writer.write("description", description)
    }
}
