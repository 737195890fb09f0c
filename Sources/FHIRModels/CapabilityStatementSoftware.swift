/// The software a capability statement describes.
public struct CapabilityStatementSoftware: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var name: FHIRString?
    public var version: FHIRString?
    public var releaseDate: FHIRDateTime?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        name: FHIRString? = nil,
        version: FHIRString? = nil,
        releaseDate: FHIRDateTime? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.name = name
        self.version = version
        self.releaseDate = releaseDate
    }

    public static let definitionPath = "CapabilityStatement.software"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("name", "string", required: true),
        ElementSpec("version", "string"),
        ElementSpec("releaseDate", "dateTime"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        name = reader.primitive("name", required: true)
        version = reader.primitive("version")
        releaseDate = reader.primitive("releaseDate")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("name", name)
        writer.write("version", version)
        writer.write("releaseDate", releaseDate)
    }
}
