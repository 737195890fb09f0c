/// A person's name (http://hl7.org/fhir/R4/datatypes.html#HumanName).
public struct HumanName: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var use: FHIRCode?
    public var text: FHIRString?
    public var family: FHIRString?
    public var given: [FHIRString]
    public var prefix: [FHIRString]
    public var suffix: [FHIRString]
    public var period: Period?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        use: FHIRCode? = nil, text: FHIRString? = nil, family: FHIRString? = nil, given: [FHIRString] = [], prefix: [FHIRString] = [], suffix: [FHIRString] = [], period: Period? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.use = use
        self.text = text
        self.family = family
        self.given = given
        self.prefix = prefix
        self.suffix = suffix
        self.period = period
    }

    public static let definitionPath = "HumanName"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("use", "code"),
        ElementSpec("text", "string"),
        ElementSpec("family", "string"),
        ElementSpec("given", "string", repeats: true),
        ElementSpec("prefix", "string", repeats: true),
        ElementSpec("suffix", "string", repeats: true),
        ElementSpec("period", "Period"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        use = reader.primitive("use")
        text = reader.primitive("text")
        family = reader.primitive("family")
        given = reader.primitives("given")
        prefix = reader.primitives("prefix")
        suffix = reader.primitives("suffix")
        period = reader.element("period")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("use", use)
        writer.write("text", text)
        writer.write("family", family)
        writer.write("given", given)
        writer.write("prefix", prefix)
        writer.write("suffix", suffix)
        writer.write("period", period)
    }
}
