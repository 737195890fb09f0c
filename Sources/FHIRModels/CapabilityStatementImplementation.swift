/// The installation a capability statement describes.
public struct CapabilityStatementImplementation: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var description: FHIRString?
    public var url: FHIRURL?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        description: FHIRString? = nil,
        url: FHIRURL? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.description = description
        self.url = url
    }

    public static let definitionPath = "CapabilityStatement.implementation"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("description", "string", required: true),
        ElementSpec("url", "url"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        description = reader.primitive("description", required: true)
        url = reader.primitive("url")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("description", description)
        writer.write("url", url)
    }
}
