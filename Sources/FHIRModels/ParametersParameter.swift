/// One named parameter: a value, a resource or parts.
public struct ParametersParameter: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var name: FHIRString?
    public var value: ChoiceValue?
    public var resource: AnyResource?
    public var part: [ParametersParameter]

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        name: FHIRString? = nil,
        value: ChoiceValue? = nil,
        resource: AnyResource? = nil,
        part: [ParametersParameter] = []
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.name = name
        self.value = value
        self.resource = resource
        self.part = part
    }

    public static let definitionPath = "Parameters.parameter"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("name", "string", required: true),
        .choice("value", ChoiceValue.openTypes),
        ElementSpec("resource", "Resource"),
        ElementSpec("part", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        name = reader.primitive("name", required: true)
        value = reader.choiceValue("value")
        resource = reader.resources("resource").first
        part = reader.elements("part")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("name", name)
        writer.write(choice: "value", value)
        writer.write("resource", resources: resource.map { [$0] } ?? [])
        writer.write("part", part)
    }
}
