/// A ratio of two quantities (http://hl7.org/fhir/R4/datatypes.html#Ratio).
public struct Ratio: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var numerator: Quantity?
    public var denominator: Quantity?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        numerator: Quantity? = nil, denominator: Quantity? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.numerator = numerator
        self.denominator = denominator
    }

    public static let definitionPath = "Ratio"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("numerator", "Quantity"),
        ElementSpec("denominator", "Quantity"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        numerator = reader.element("numerator")
        denominator = reader.element("denominator")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("numerator", numerator)
        writer.write("denominator", denominator)
    }
}
