/// A phone number, email address or other contact (http://hl7.org/fhir/R4/datatypes.html#ContactPoint).
public struct ContactPoint: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var system: FHIRCode?
    public var value: FHIRString?
    public var use: FHIRCode?
    public var rank: FHIRPositiveInt?
    public var period: Period?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        system: FHIRCode? = nil, value: FHIRString? = nil, use: FHIRCode? = nil, rank: FHIRPositiveInt? = nil, period: Period? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.system = system
        self.value = value
        self.use = use
        self.rank = rank
        self.period = period
    }

    public static let definitionPath = "ContactPoint"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("system", "code"),
        ElementSpec("value", "string"),
        ElementSpec("use", "code"),
        ElementSpec("rank", "positiveInt"),
        ElementSpec("period", "Period"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        system = reader.primitive("system")
        value = reader.primitive("value")
        use = reader.primitive("use")
        rank = reader.primitive("rank")
        period = reader.element("period")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("system", system)
        writer.write("value", value)
        writer.write("use", use)
        writer.write("rank", rank)
        writer.write("period", period)
    }
}
