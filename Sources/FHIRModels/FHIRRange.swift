/// A range of quantities, low and/or high (http://hl7.org/fhir/R4/datatypes.html#Range). Named with a prefix: Swift has its own `Range`.
public struct FHIRRange: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var low: Quantity?
    public var high: Quantity?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        low: Quantity? = nil, high: Quantity? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.low = low
        self.high = high
    }

    public static let definitionPath = "Range"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("low", "Quantity"),
        ElementSpec("high", "Quantity"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        low = reader.element("low")
        high = reader.element("high")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("low", low)
        writer.write("high", high)
    }
}
