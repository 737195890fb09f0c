/// Measurements and simple assertions about a patient (http://hl7.org/fhir/R4/observation.html).
/// The gateway's measurement rows are LOINC-coded Observations.
public struct Observation: FHIRResource {
    public var id: FHIRId?
    public var meta: Meta?
    public var text: Narrative?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var identifier: [Identifier]
    public var status: FHIRCode?
    public var category: [CodeableConcept]
    public var code: CodeableConcept?
    public var subject: Reference?
    public var effective: ObservationEffective?
    public var issued: FHIRInstant?
    public var performer: [Reference]
    public var value: ObservationValue?
    public var dataAbsentReason: CodeableConcept?
    public var interpretation: [CodeableConcept]
    public var bodySite: CodeableConcept?
    public var method: CodeableConcept?
    public var device: Reference?
    public var referenceRange: [ObservationReferenceRange]
    public var hasMember: [Reference]
    public var derivedFrom: [Reference]
    public var component: [ObservationComponent]
    /// Elements of the definition kept as they came, not interpreted by the gateway.
    public var keptElements: [ElementNode]

    public init(
        id: FHIRId? = nil,
        meta: Meta? = nil,
        text: Narrative? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        identifier: [Identifier] = [],
        status: FHIRCode? = nil,
        category: [CodeableConcept] = [],
        code: CodeableConcept? = nil,
        subject: Reference? = nil,
        effective: ObservationEffective? = nil,
        issued: FHIRInstant? = nil,
        performer: [Reference] = [],
        value: ObservationValue? = nil,
        dataAbsentReason: CodeableConcept? = nil,
        interpretation: [CodeableConcept] = [],
        bodySite: CodeableConcept? = nil,
        method: CodeableConcept? = nil,
        device: Reference? = nil,
        referenceRange: [ObservationReferenceRange] = [],
        hasMember: [Reference] = [],
        derivedFrom: [Reference] = [],
        component: [ObservationComponent] = [],
        keptElements: [ElementNode] = []
    ) {
        self.id = id
        self.meta = meta
        self.text = text
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.identifier = identifier
        self.status = status
        self.category = category
        self.code = code
        self.subject = subject
        self.effective = effective
        self.issued = issued
        self.performer = performer
        self.value = value
        self.dataAbsentReason = dataAbsentReason
        self.interpretation = interpretation
        self.bodySite = bodySite
        self.method = method
        self.device = device
        self.referenceRange = referenceRange
        self.hasMember = hasMember
        self.derivedFrom = derivedFrom
        self.component = component
        self.keptElements = keptElements
    }

    public static let resourceType = "Observation"
    public static let elements = ElementSpecList(ElementSpecList.domainResource + [
        ElementSpec("identifier", "Identifier", repeats: true),
        ElementSpec("basedOn", "Reference", repeats: true),
        ElementSpec("partOf", "Reference", repeats: true),
        ElementSpec("status", "code", required: true),
        ElementSpec("category", "CodeableConcept", repeats: true),
        ElementSpec("code", "CodeableConcept", required: true),
        ElementSpec("subject", "Reference"),
        ElementSpec("focus", "Reference", repeats: true),
        ElementSpec("encounter", "Reference"),
        .choice("effective", ObservationEffective.types),
        ElementSpec("issued", "instant"),
        ElementSpec("performer", "Reference", repeats: true),
        .choice("value", ObservationValue.types),
        ElementSpec("dataAbsentReason", "CodeableConcept"),
        ElementSpec("interpretation", "CodeableConcept", repeats: true),
        ElementSpec("note", "Annotation", repeats: true),
        ElementSpec("bodySite", "CodeableConcept"),
        ElementSpec("method", "CodeableConcept"),
        ElementSpec("specimen", "Reference"),
        ElementSpec("device", "Reference"),
        ElementSpec("referenceRange", "BackboneElement", repeats: true),
        ElementSpec("hasMember", "Reference", repeats: true),
        ElementSpec("derivedFrom", "Reference", repeats: true),
        ElementSpec("component", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, meta, text, extensions, modifierExtensions) = reader.domainResourceBase()
        identifier = reader.elements("identifier")
        status = reader.primitive("status", required: true)
        category = reader.elements("category")
        code = reader.element("code", required: true)
        subject = reader.element("subject")
        effective = ObservationEffective(from: &reader, name: "effective")
        issued = reader.primitive("issued")
        performer = reader.elements("performer")
        value = ObservationValue(from: &reader, name: "value")
        dataAbsentReason = reader.element("dataAbsentReason")
        interpretation = reader.elements("interpretation")
        bodySite = reader.element("bodySite")
        method = reader.element("method")
        device = reader.element("device")
        referenceRange = reader.elements("referenceRange")
        hasMember = reader.elements("hasMember")
        derivedFrom = reader.elements("derivedFrom")
        component = reader.elements("component")
        keptElements = reader.remainingElements()
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeDomainResourceBase(id: id, meta: meta, text: text, extensions: extensions,
                                       modifierExtensions: modifierExtensions)
        writer.write("identifier", identifier)
        writer.write("status", status)
        writer.write("category", category)
        writer.write("code", code)
        writer.write("subject", subject)
        effective?.write(to: &writer, name: "effective")
        writer.write("issued", issued)
        writer.write("performer", performer)
        value?.write(to: &writer, name: "value")
        writer.write("dataAbsentReason", dataAbsentReason)
        writer.write("interpretation", interpretation)
        writer.write("bodySite", bodySite)
        writer.write("method", method)
        writer.write("device", device)
        writer.write("referenceRange", referenceRange)
        writer.write("hasMember", hasMember)
        writer.write("derivedFrom", derivedFrom)
        writer.write("component", component)
        writer.write(kept: keptElements)
    }
}
