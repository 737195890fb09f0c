/// A range of normal values for an Observation
/// (http://hl7.org/fhir/R4/observation-definitions.html#Observation.referenceRange).
public struct ObservationReferenceRange: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var low: Quantity?
    public var high: Quantity?
    public var type: CodeableConcept?
    public var appliesTo: [CodeableConcept]
    public var age: FHIRRange?
    public var text: FHIRString?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        low: Quantity? = nil,
        high: Quantity? = nil,
        type: CodeableConcept? = nil,
        appliesTo: [CodeableConcept] = [],
        age: FHIRRange? = nil,
        text: FHIRString? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.low = low
        self.high = high
        self.type = type
        self.appliesTo = appliesTo
        self.age = age
        self.text = text
    }

    public static let definitionPath = "Observation.referenceRange"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("low", "Quantity"),
        ElementSpec("high", "Quantity"),
        ElementSpec("type", "CodeableConcept"),
        ElementSpec("appliesTo", "CodeableConcept", repeats: true),
        ElementSpec("age", "Range"),
        ElementSpec("text", "string"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        low = reader.element("low")
        high = reader.element("high")
        type = reader.element("type")
        appliesTo = reader.elements("appliesTo")
        age = reader.element("age")
        text = reader.primitive("text")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("low", low)
        writer.write("high", high)
        writer.write("type", type)
        writer.write("appliesTo", appliesTo)
        writer.write("age", age)
        writer.write("text", text)
    }
}
