/// The HTTP request of a transaction or batch entry (http://hl7.org/fhir/R4/http.html#transaction).
public struct BundleEntryRequest: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var method: FHIRCode?
    public var url: FHIRURI?
    public var ifNoneMatch: FHIRString?
    public var ifModifiedSince: FHIRInstant?
    public var ifMatch: FHIRString?
    public var ifNoneExist: FHIRString?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        method: FHIRCode? = nil,
        url: FHIRURI? = nil,
        ifNoneMatch: FHIRString? = nil,
        ifModifiedSince: FHIRInstant? = nil,
        ifMatch: FHIRString? = nil,
        ifNoneExist: FHIRString? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.method = method
        self.url = url
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.ifMatch = ifMatch
        self.ifNoneExist = ifNoneExist
    }

    public static let definitionPath = "Bundle.entry.request"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("method", "code", required: true),
        ElementSpec("url", "uri", required: true),
        ElementSpec("ifNoneMatch", "string"),
        ElementSpec("ifModifiedSince", "instant"),
        ElementSpec("ifMatch", "string"),
        ElementSpec("ifNoneExist", "string"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        method = reader.primitive("method", required: true)
        url = reader.primitive("url", required: true)
        ifNoneMatch = reader.primitive("ifNoneMatch")
        ifModifiedSince = reader.primitive("ifModifiedSince")
        ifMatch = reader.primitive("ifMatch")
        ifNoneExist = reader.primitive("ifNoneExist")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("method", method)
        writer.write("url", url)
        writer.write("ifNoneMatch", ifNoneMatch)
        writer.write("ifModifiedSince", ifModifiedSince)
        writer.write("ifMatch", ifMatch)
        writer.write("ifNoneExist", ifNoneExist)
    }
}
