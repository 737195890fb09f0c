/// An extension (http://hl7.org/fhir/R4/extensibility.html#Extension): a URL and a value of any type,
/// or nested extensions. The value is kept as it came, in the type its element name says.
public struct Extension: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var url: String?
    public var value: ChoiceValue?

    public init(id: String? = nil, extensions: [Extension] = [], url: String, value: ChoiceValue? = nil) {
        self.id = id
        self.extensions = extensions
        self.url = url
        self.value = value
    }

    public static let definitionPath = "Extension"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("url", "uri", required: true), .choice("value", ChoiceValue.openTypes),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        let url: FHIRURI? = reader.primitive("url", required: true)
        self.url = url?.value
        value = reader.choiceValue("value")
        if (value == nil) == extensions.isEmpty {
            reader.issues.add(.error(.invariant, "An extension must have either a value or extensions (ext-1)",
                                     at: reader.path))
        }
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("url", url.map { FHIRURI($0) })
        writer.write(choice: "value", value)
    }
}
