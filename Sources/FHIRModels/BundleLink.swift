/// A link of a Bundle: `self`, `next`, `previous` (http://hl7.org/fhir/R4/bundle.html#paging).
public struct BundleLink: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var relation: FHIRString?
    public var url: FHIRURI?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        relation: FHIRString? = nil,
        url: FHIRURI? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.relation = relation
        self.url = url
    }

    public static let definitionPath = "Bundle.link"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("relation", "string", required: true),
        ElementSpec("url", "uri", required: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        relation = reader.primitive("relation", required: true)
        url = reader.primitive("url", required: true)
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("relation", relation)
        writer.write("url", url)
    }
}
