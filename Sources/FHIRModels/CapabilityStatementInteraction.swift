/// One interaction the server supports: `read`, `create`, `search-type`, …
public struct CapabilityStatementInteraction: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var code: FHIRCode?
    public var documentation: FHIRMarkdown?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        code: FHIRCode? = nil,
        documentation: FHIRMarkdown? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.code = code
        self.documentation = documentation
    }

    public static let definitionPath = "CapabilityStatement.rest.resource.interaction"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("code", "code", required: true),
        ElementSpec("documentation", "markdown"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        code = reader.primitive("code", required: true)
        documentation = reader.primitive("documentation")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("code", code)
        writer.write("documentation", documentation)
    }
}
