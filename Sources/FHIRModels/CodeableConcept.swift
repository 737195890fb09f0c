/// A concept as codings and/or text (http://hl7.org/fhir/R4/datatypes.html#CodeableConcept).
public struct CodeableConcept: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var coding: [Coding]
    public var text: FHIRString?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        coding: [Coding] = [], text: FHIRString? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.coding = coding
        self.text = text
    }

    public static let definitionPath = "CodeableConcept"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("coding", "Coding", repeats: true),
        ElementSpec("text", "string"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        coding = reader.elements("coding")
        text = reader.primitive("text")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("coding", coding)
        writer.write("text", text)
    }
}
