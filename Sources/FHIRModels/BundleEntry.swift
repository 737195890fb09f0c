/// One entry of a Bundle: a resource and, by Bundle type, its search, request or response
/// (http://hl7.org/fhir/R4/bundle-definitions.html#Bundle.entry).
public struct BundleEntry: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var link: [BundleLink]
    public var fullUrl: FHIRURI?
    public var resource: AnyResource?
    public var search: BundleEntrySearch?
    public var request: BundleEntryRequest?
    public var response: BundleEntryResponse?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        link: [BundleLink] = [],
        fullUrl: FHIRURI? = nil,
        resource: AnyResource? = nil,
        search: BundleEntrySearch? = nil,
        request: BundleEntryRequest? = nil,
        response: BundleEntryResponse? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.link = link
        self.fullUrl = fullUrl
        self.resource = resource
        self.search = search
        self.request = request
        self.response = response
    }

    public static let definitionPath = "Bundle.entry"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("link", "BackboneElement", repeats: true),
        ElementSpec("fullUrl", "uri"),
        ElementSpec("resource", "Resource"),
        ElementSpec("search", "BackboneElement"),
        ElementSpec("request", "BackboneElement"),
        ElementSpec("response", "BackboneElement"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        link = reader.elements("link")
        fullUrl = reader.primitive("fullUrl")
        resource = reader.resources("resource").first
        search = reader.element("search")
        request = reader.element("request")
        response = reader.element("response")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("link", link)
        writer.write("fullUrl", fullUrl)
        writer.write("resource", resources: resource.map { [$0] } ?? [])
        writer.write("search", search)
        writer.write("request", request)
        writer.write("response", response)
    }
}
