/// What a FHIR server does (http://hl7.org/fhir/R4/capabilitystatement.html). The gateway builds
/// its own from the interactions, parameters and operations it implements. Only the elements the
/// gateway writes are modelled; the others would be unknown elements here.
public struct CapabilityStatement: FHIRResource {
    public var id: FHIRId?
    public var meta: Meta?
    public var text: Narrative?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var url: FHIRURI?
    public var version: FHIRString?
    public var name: FHIRString?
    public var title: FHIRString?
    public var status: FHIRCode?
    public var experimental: FHIRBoolean?
    public var date: FHIRDateTime?
    public var publisher: FHIRString?
    public var description: FHIRMarkdown?
    public var kind: FHIRCode?
    public var software: CapabilityStatementSoftware?
    public var implementation: CapabilityStatementImplementation?
    public var fhirVersion: FHIRCode?
    public var format: [FHIRCode]
    public var patchFormat: [FHIRCode]
    public var rest: [CapabilityStatementRest]

    public init(
        id: FHIRId? = nil,
        meta: Meta? = nil,
        text: Narrative? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        url: FHIRURI? = nil,
        version: FHIRString? = nil,
        name: FHIRString? = nil,
        title: FHIRString? = nil,
        status: FHIRCode? = nil,
        experimental: FHIRBoolean? = nil,
        date: FHIRDateTime? = nil,
        publisher: FHIRString? = nil,
        description: FHIRMarkdown? = nil,
        kind: FHIRCode? = nil,
        software: CapabilityStatementSoftware? = nil,
        implementation: CapabilityStatementImplementation? = nil,
        fhirVersion: FHIRCode? = nil,
        format: [FHIRCode] = [],
        patchFormat: [FHIRCode] = [],
        rest: [CapabilityStatementRest] = []
    ) {
        self.id = id
        self.meta = meta
        self.text = text
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.url = url
        self.version = version
        self.name = name
        self.title = title
        self.status = status
        self.experimental = experimental
        self.date = date
        self.publisher = publisher
        self.description = description
        self.kind = kind
        self.software = software
        self.implementation = implementation
        self.fhirVersion = fhirVersion
        self.format = format
        self.patchFormat = patchFormat
        self.rest = rest
    }

    public static let resourceType = "CapabilityStatement"
    public static let elements = ElementSpecList(ElementSpecList.domainResource + [
        ElementSpec("url", "uri"),
        ElementSpec("version", "string"),
        ElementSpec("name", "string"),
        ElementSpec("title", "string"),
        ElementSpec("status", "code", required: true),
        ElementSpec("experimental", "boolean"),
        ElementSpec("date", "dateTime", required: true),
        ElementSpec("publisher", "string"),
        ElementSpec("description", "markdown"),
        ElementSpec("kind", "code", required: true),
        ElementSpec("software", "BackboneElement"),
        ElementSpec("implementation", "BackboneElement"),
        ElementSpec("fhirVersion", "code", required: true),
        ElementSpec("format", "code", repeats: true, required: true),
        ElementSpec("patchFormat", "code", repeats: true),
        ElementSpec("rest", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, meta, text, extensions, modifierExtensions) = reader.domainResourceBase()
        url = reader.primitive("url")
        version = reader.primitive("version")
        name = reader.primitive("name")
        title = reader.primitive("title")
        status = reader.primitive("status", required: true)
        experimental = reader.primitive("experimental")
        date = reader.primitive("date", required: true)
        publisher = reader.primitive("publisher")
        description = reader.primitive("description")
        kind = reader.primitive("kind", required: true)
        software = reader.element("software")
        implementation = reader.element("implementation")
        fhirVersion = reader.primitive("fhirVersion", required: true)
        format = reader.primitives("format", required: true)
        patchFormat = reader.primitives("patchFormat")
        rest = reader.elements("rest")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeDomainResourceBase(id: id, meta: meta, text: text, extensions: extensions,
                                       modifierExtensions: modifierExtensions)
        writer.write("url", url)
        writer.write("version", version)
        writer.write("name", name)
        writer.write("title", title)
        writer.write("status", status)
        writer.write("experimental", experimental)
        writer.write("date", date)
        writer.write("publisher", publisher)
        writer.write("description", description)
        writer.write("kind", kind)
        writer.write("software", software)
        writer.write("implementation", implementation)
        writer.write("fhirVersion", fhirVersion)
        writer.write("format", format)
        writer.write("patchFormat", patchFormat)
        writer.write("rest", rest)
    }
}
