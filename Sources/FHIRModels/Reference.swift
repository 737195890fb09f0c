/// A reference from one resource to another (http://hl7.org/fhir/R4/references.html#Reference):
/// `Patient/42`, an absolute URL, a `urn:uuid:` within a Bundle, or a logical identifier.
public struct Reference: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var reference: FHIRString?
    public var type: FHIRURI?
    public var identifier: Identifier?
    public var display: FHIRString?

    public init(
        id: String? = nil, extensions: [Extension] = [], reference: FHIRString? = nil, type: FHIRURI? = nil,
        identifier: Identifier? = nil, display: FHIRString? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.reference = reference
        self.type = type
        self.identifier = identifier
        self.display = display
    }

    public static let definitionPath = "Reference"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("reference", "string"), ElementSpec("type", "uri"), ElementSpec("identifier", "Identifier"),
        ElementSpec("display", "string"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        reference = reader.primitive("reference")
        type = reader.primitive("type")
        identifier = reader.element("identifier")
        display = reader.primitive("display")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("reference", reference)
        writer.write("type", type)
        writer.write("identifier", identifier)
        writer.write("display", display)
    }
}
