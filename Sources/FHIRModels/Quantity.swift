/// A measured amount with its UCUM unit (http://hl7.org/fhir/R4/datatypes.html#Quantity).
public struct Quantity: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var value: FHIRDecimal?
    public var comparator: FHIRCode?
    public var unit: FHIRString?
    public var system: FHIRURI?
    public var code: FHIRCode?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        value: FHIRDecimal? = nil, comparator: FHIRCode? = nil, unit: FHIRString? = nil, system: FHIRURI? = nil, code: FHIRCode? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.value = value
        self.comparator = comparator
        self.unit = unit
        self.system = system
        self.code = code
    }

    public static let definitionPath = "Quantity"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("value", "decimal"),
        ElementSpec("comparator", "code"),
        ElementSpec("unit", "string"),
        ElementSpec("system", "uri"),
        ElementSpec("code", "code"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        value = reader.primitive("value")
        comparator = reader.primitive("comparator")
        unit = reader.primitive("unit")
        system = reader.primitive("system")
        code = reader.primitive("code")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("value", value)
        writer.write("comparator", comparator)
        writer.write("unit", unit)
        writer.write("system", system)
        writer.write("code", code)
    }
}
