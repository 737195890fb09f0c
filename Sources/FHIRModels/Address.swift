/// A postal address (http://hl7.org/fhir/R4/datatypes.html#Address).
public struct Address: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var use: FHIRCode?
    public var type: FHIRCode?
    public var text: FHIRString?
    public var line: [FHIRString]
    public var city: FHIRString?
    public var district: FHIRString?
    public var state: FHIRString?
    public var postalCode: FHIRString?
    public var country: FHIRString?
    public var period: Period?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        use: FHIRCode? = nil, type: FHIRCode? = nil, text: FHIRString? = nil, line: [FHIRString] = [], city: FHIRString? = nil, district: FHIRString? = nil, state: FHIRString? = nil, postalCode: FHIRString? = nil, country: FHIRString? = nil, period: Period? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.use = use
        self.type = type
        self.text = text
        self.line = line
        self.city = city
        self.district = district
        self.state = state
        self.postalCode = postalCode
        self.country = country
        self.period = period
    }

    public static let definitionPath = "Address"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("use", "code"),
        ElementSpec("type", "code"),
        ElementSpec("text", "string"),
        ElementSpec("line", "string", repeats: true),
        ElementSpec("city", "string"),
        ElementSpec("district", "string"),
        ElementSpec("state", "string"),
        ElementSpec("postalCode", "string"),
        ElementSpec("country", "string"),
        ElementSpec("period", "Period"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        use = reader.primitive("use")
        type = reader.primitive("type")
        text = reader.primitive("text")
        line = reader.primitives("line")
        city = reader.primitive("city")
        district = reader.primitive("district")
        state = reader.primitive("state")
        postalCode = reader.primitive("postalCode")
        country = reader.primitive("country")
        period = reader.element("period")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("use", use)
        writer.write("type", type)
        writer.write("text", text)
        writer.write("line", line)
        writer.write("city", city)
        writer.write("district", district)
        writer.write("state", state)
        writer.write("postalCode", postalCode)
        writer.write("country", country)
        writer.write("period", period)
    }
}
