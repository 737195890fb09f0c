/// An operation the server supports, with its OperationDefinition.
public struct CapabilityStatementOperation: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var name: FHIRString?
    public var definition: FHIRCanonical?
    public var documentation: FHIRMarkdown?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        name: FHIRString? = nil,
        definition: FHIRCanonical? = nil,
        documentation: FHIRMarkdown? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.name = name
        self.definition = definition
        self.documentation = documentation
    }

    public static let definitionPath = "CapabilityStatement.rest.resource.operation"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("name", "string", required: true),
        ElementSpec("definition", "canonical", required: true),
        ElementSpec("documentation", "markdown"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        name = reader.primitive("name", required: true)
        definition = reader.primitive("definition", required: true)
        documentation = reader.primitive("documentation")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("name", name)
        writer.write("definition", definition)
        writer.write("documentation", documentation)
    }
}
