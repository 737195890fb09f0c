/// Human-readable XHTML of a resource (http://hl7.org/fhir/R4/narrative.html).
public struct Narrative: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var status: FHIRCode?
    public var div: FHIRXHTML?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        status: FHIRCode? = nil, div: FHIRXHTML? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.status = status
        self.div = div
    }

    public static let definitionPath = "Narrative"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("status", "code", required: true),
        ElementSpec("div", "xhtml", required: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        status = reader.primitive("status", required: true)
        div = reader.primitive("div", required: true)
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("status", status)
        writer.write("div", div)
    }
}
