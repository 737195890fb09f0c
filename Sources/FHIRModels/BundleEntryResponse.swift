/// The outcome of a transaction or batch entry, or of a history entry.
public struct BundleEntryResponse: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var status: FHIRString?
    public var location: FHIRURI?
    public var etag: FHIRString?
    public var lastModified: FHIRInstant?
    public var outcome: AnyResource?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        status: FHIRString? = nil,
        location: FHIRURI? = nil,
        etag: FHIRString? = nil,
        lastModified: FHIRInstant? = nil,
        outcome: AnyResource? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.status = status
        self.location = location
        self.etag = etag
        self.lastModified = lastModified
        self.outcome = outcome
    }

    public static let definitionPath = "Bundle.entry.response"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("status", "string", required: true),
        ElementSpec("location", "uri"),
        ElementSpec("etag", "string"),
        ElementSpec("lastModified", "instant"),
        ElementSpec("outcome", "Resource"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        status = reader.primitive("status", required: true)
        location = reader.primitive("location")
        etag = reader.primitive("etag")
        lastModified = reader.primitive("lastModified")
        outcome = reader.resources("outcome").first
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("status", status)
        writer.write("location", location)
        writer.write("etag", etag)
        writer.write("lastModified", lastModified)
        writer.write("outcome", resources: outcome.map { [$0] } ?? [])
    }
}
