/// Demographics of a person receiving care (http://hl7.org/fhir/R4/patient.html). The gateway's
/// users are Patients; elements the `users` table cannot hold are kept here and reported by the mapping.
public struct Patient: FHIRResource {
    public var id: FHIRId?
    public var meta: Meta?
    public var text: Narrative?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var identifier: [Identifier]
    public var active: FHIRBoolean?
    public var name: [HumanName]
    public var telecom: [ContactPoint]
    public var gender: FHIRCode?
    public var birthDate: FHIRDate?
    public var deceased: ChoiceValue?
    public var address: [Address]
    public var maritalStatus: CodeableConcept?
    public var multipleBirth: ChoiceValue?
    public var generalPractitioner: [Reference]
    public var managingOrganization: Reference?
    /// Elements of the definition kept as they came, not interpreted by the gateway.
    public var keptElements: [ElementNode]

    public init(
        id: FHIRId? = nil,
        meta: Meta? = nil,
        text: Narrative? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        identifier: [Identifier] = [],
        active: FHIRBoolean? = nil,
        name: [HumanName] = [],
        telecom: [ContactPoint] = [],
        gender: FHIRCode? = nil,
        birthDate: FHIRDate? = nil,
        deceased: ChoiceValue? = nil,
        address: [Address] = [],
        maritalStatus: CodeableConcept? = nil,
        multipleBirth: ChoiceValue? = nil,
        generalPractitioner: [Reference] = [],
        managingOrganization: Reference? = nil,
        keptElements: [ElementNode] = []
    ) {
        self.id = id
        self.meta = meta
        self.text = text
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.identifier = identifier
        self.active = active
        self.name = name
        self.telecom = telecom
        self.gender = gender
        self.birthDate = birthDate
        self.deceased = deceased
        self.address = address
        self.maritalStatus = maritalStatus
        self.multipleBirth = multipleBirth
        self.generalPractitioner = generalPractitioner
        self.managingOrganization = managingOrganization
        self.keptElements = keptElements
    }

    public static let resourceType = "Patient"
    public static let elements = ElementSpecList(ElementSpecList.domainResource + [
        ElementSpec("identifier", "Identifier", repeats: true),
        ElementSpec("active", "boolean"),
        ElementSpec("name", "HumanName", repeats: true),
        ElementSpec("telecom", "ContactPoint", repeats: true),
        ElementSpec("gender", "code"),
        ElementSpec("birthDate", "date"),
        .choice("deceased", ["boolean", "dateTime"]),
        ElementSpec("address", "Address", repeats: true),
        ElementSpec("maritalStatus", "CodeableConcept"),
        .choice("multipleBirth", ["boolean", "integer"]),
        ElementSpec("photo", "Attachment", repeats: true),
        ElementSpec("contact", "BackboneElement", repeats: true),
        ElementSpec("communication", "BackboneElement", repeats: true),
        ElementSpec("generalPractitioner", "Reference", repeats: true),
        ElementSpec("managingOrganization", "Reference"),
        ElementSpec("link", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, meta, text, extensions, modifierExtensions) = reader.domainResourceBase()
        identifier = reader.elements("identifier")
        active = reader.primitive("active")
        name = reader.elements("name")
        telecom = reader.elements("telecom")
        gender = reader.primitive("gender")
        birthDate = reader.primitive("birthDate")
        deceased = reader.choiceValue("deceased")
        address = reader.elements("address")
        maritalStatus = reader.element("maritalStatus")
        multipleBirth = reader.choiceValue("multipleBirth")
        generalPractitioner = reader.elements("generalPractitioner")
        managingOrganization = reader.element("managingOrganization")
        keptElements = reader.remainingElements()
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeDomainResourceBase(id: id, meta: meta, text: text, extensions: extensions,
                                       modifierExtensions: modifierExtensions)
        writer.write("identifier", identifier)
        writer.write("active", active)
        writer.write("name", name)
        writer.write("telecom", telecom)
        writer.write("gender", gender)
        writer.write("birthDate", birthDate)
        writer.write(choice: "deceased", deceased)
        writer.write("address", address)
        writer.write("maritalStatus", maritalStatus)
        writer.write(choice: "multipleBirth", multipleBirth)
        writer.write("generalPractitioner", generalPractitioner)
        writer.write("managingOrganization", managingOrganization)
        writer.write(kept: keptElements)
    }
}
