/// The input or output of an operation (http://hl7.org/fhir/R4/parameters.html).
public struct Parameters: FHIRResource {
    public var id: FHIRId?
    public var meta: Meta?
    public var parameter: [ParametersParameter]
    /// Elements of the definition kept as they came, not interpreted by the gateway.
    public var keptElements: [ElementNode]

    public init(
        id: FHIRId? = nil,
        meta: Meta? = nil,
        parameter: [ParametersParameter] = [],
        keptElements: [ElementNode] = []
    ) {
        self.id = id
        self.meta = meta
        self.parameter = parameter
        self.keptElements = keptElements
    }

    public static let resourceType = "Parameters"
    public static let elements = ElementSpecList(ElementSpecList.resource + [
        ElementSpec("parameter", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        id = reader.primitive("id")
        meta = reader.element("meta")
        parameter = reader.elements("parameter")
        keptElements = reader.remainingElements()
    }

    public func write(to writer: inout ElementWriter) {
        writer.write("id", id)
        writer.write("meta", meta)
        writer.write("parameter", parameter)
        writer.write(kept: keptElements)
    }
}
