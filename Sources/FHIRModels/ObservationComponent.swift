/// One result of a multi-part Observation, such as the systolic reading of a blood pressure
/// (http://hl7.org/fhir/R4/observation-definitions.html#Observation.component).
public struct ObservationComponent: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var code: CodeableConcept?
    public var value: ObservationValue?
    public var dataAbsentReason: CodeableConcept?
    public var interpretation: [CodeableConcept]
    public var referenceRange: [ObservationReferenceRange]

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        code: CodeableConcept? = nil,
        value: ObservationValue? = nil,
        dataAbsentReason: CodeableConcept? = nil,
        interpretation: [CodeableConcept] = [],
        referenceRange: [ObservationReferenceRange] = []
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.code = code
        self.value = value
        self.dataAbsentReason = dataAbsentReason
        self.interpretation = interpretation
        self.referenceRange = referenceRange
    }

    public static let definitionPath = "Observation.component"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("code", "CodeableConcept", required: true),
        .choice("value", ObservationValue.types),
        ElementSpec("dataAbsentReason", "CodeableConcept"),
        ElementSpec("interpretation", "CodeableConcept", repeats: true),
        ElementSpec("referenceRange", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        code = reader.element("code", required: true)
        value = ObservationValue(from: &reader, name: "value")
        dataAbsentReason = reader.element("dataAbsentReason")
        interpretation = reader.elements("interpretation")
        referenceRange = reader.elements("referenceRange")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("code", code)
        value?.write(to: &writer, name: "value")
        writer.write("dataAbsentReason", dataAbsentReason)
        writer.write("interpretation", interpretation)
        writer.write("referenceRange", referenceRange)
    }
}
