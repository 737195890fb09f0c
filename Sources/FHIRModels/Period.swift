/// A time range given by start and/or end (http://hl7.org/fhir/R4/datatypes.html#Period).
public struct Period: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var start: FHIRDateTime?
    public var end: FHIRDateTime?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        start: FHIRDateTime? = nil, end: FHIRDateTime? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.start = start
        self.end = end
    }

    public static let definitionPath = "Period"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("start", "dateTime"),
        ElementSpec("end", "dateTime"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        start = reader.primitive("start")
        end = reader.primitive("end")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("start", start)
        writer.write("end", end)
    }
}
