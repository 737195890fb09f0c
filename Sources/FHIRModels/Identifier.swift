/// An identifier of a person or thing in some system: an MRN, a national id
/// (http://hl7.org/fhir/R4/datatypes.html#Identifier).
public struct Identifier: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var use: FHIRCode?
    public var type: CodeableConcept?
    public var system: FHIRURI?
    public var value: FHIRString?
    public var period: Period?
    /// Stored in an array: an Identifier holds a Reference, which can hold an Identifier.
    private var assignerStorage: [Reference]

    public init(
        id: String? = nil, extensions: [Extension] = [], use: FHIRCode? = nil, type: CodeableConcept? = nil,
        system: FHIRURI? = nil, value: FHIRString? = nil, period: Period? = nil, assigner: Reference? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.use = use
        self.type = type
        self.system = system
        self.value = value
        self.period = period
        self.assignerStorage = assigner.map { [$0] } ?? []
    }

    public var assigner: Reference? {
        get { assignerStorage.first }
        set { assignerStorage = newValue.map { [$0] } ?? [] }
    }

    public static let definitionPath = "Identifier"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("use", "code"), ElementSpec("type", "CodeableConcept"), ElementSpec("system", "uri"),
        ElementSpec("value", "string"), ElementSpec("period", "Period"), ElementSpec("assigner", "Reference"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        use = reader.primitive("use")
        type = reader.element("type")
        system = reader.primitive("system")
        value = reader.primitive("value")
        period = reader.element("period")
        assignerStorage = reader.elements("assigner")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("use", use)
        writer.write("type", type)
        writer.write("system", system)
        writer.write("value", value)
        writer.write("period", period)
        writer.write("assigner", assigner)
    }
}
