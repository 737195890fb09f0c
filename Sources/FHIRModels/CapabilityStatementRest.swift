/// What the server offers over the RESTful API (http://hl7.org/fhir/R4/http.html).
public struct CapabilityStatementRest: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var mode: FHIRCode?
    public var documentation: FHIRMarkdown?
    public var security: CapabilityStatementRestSecurity?
    public var resource: [CapabilityStatementResource]
    public var interaction: [CapabilityStatementInteraction]
    public var searchParam: [CapabilityStatementSearchParam]
    public var operation: [CapabilityStatementOperation]

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        mode: FHIRCode? = nil,
        documentation: FHIRMarkdown? = nil,
        security: CapabilityStatementRestSecurity? = nil,
        resource: [CapabilityStatementResource] = [],
        interaction: [CapabilityStatementInteraction] = [],
        searchParam: [CapabilityStatementSearchParam] = [],
        operation: [CapabilityStatementOperation] = []
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.mode = mode
        self.documentation = documentation
        self.security = security
        self.resource = resource
        self.interaction = interaction
        self.searchParam = searchParam
        self.operation = operation
    }

    public static let definitionPath = "CapabilityStatement.rest"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("mode", "code", required: true),
        ElementSpec("documentation", "markdown"),
        ElementSpec("security", "BackboneElement"),
        ElementSpec("resource", "BackboneElement", repeats: true),
        ElementSpec("interaction", "BackboneElement", repeats: true),
        ElementSpec("searchParam", "BackboneElement", repeats: true),
        ElementSpec("operation", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        mode = reader.primitive("mode", required: true)
        documentation = reader.primitive("documentation")
        security = reader.element("security")
        resource = reader.elements("resource")
        interaction = reader.elements("interaction")
        searchParam = reader.elements("searchParam")
        operation = reader.elements("operation")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("mode", mode)
        writer.write("documentation", documentation)
        writer.write("security", security)
        writer.write("resource", resource)
        writer.write("interaction", interaction)
        writer.write("searchParam", searchParam)
        writer.write("operation", operation)
    }
}
