/// Metadata about a resource (http://hl7.org/fhir/R4/resource.html#Meta).
public struct Meta: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var versionId: FHIRId?
    public var lastUpdated: FHIRInstant?
    public var source: FHIRURI?
    public var profile: [FHIRCanonical]
    public var security: [Coding]
    public var tag: [Coding]

    public init(
        id: String? = nil, extensions: [Extension] = [],
        versionId: FHIRId? = nil, lastUpdated: FHIRInstant? = nil, source: FHIRURI? = nil, profile: [FHIRCanonical] = [], security: [Coding] = [], tag: [Coding] = []
    ) {
        self.id = id
        self.extensions = extensions
        self.versionId = versionId
        self.lastUpdated = lastUpdated
        self.source = source
        self.profile = profile
        self.security = security
        self.tag = tag
    }

    public static let definitionPath = "Meta"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("versionId", "id"),
        ElementSpec("lastUpdated", "instant"),
        ElementSpec("source", "uri"),
        ElementSpec("profile", "canonical", repeats: true),
        ElementSpec("security", "Coding", repeats: true),
        ElementSpec("tag", "Coding", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        versionId = reader.primitive("versionId")
        lastUpdated = reader.primitive("lastUpdated")
        source = reader.primitive("source")
        profile = reader.primitives("profile")
        security = reader.elements("security")
        tag = reader.elements("tag")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("versionId", versionId)
        writer.write("lastUpdated", lastUpdated)
        writer.write("source", source)
        writer.write("profile", profile)
        writer.write("security", security)
        writer.write("tag", tag)
    }
}
