/// A container of resources: search results, history, transactions and batches
/// (http://hl7.org/fhir/R4/bundle.html).
public struct Bundle: FHIRResource {
    public var id: FHIRId?
    public var meta: Meta?
    public var identifier: Identifier?
    public var type: FHIRCode?
    public var timestamp: FHIRInstant?
    public var total: FHIRUnsignedInt?
    public var link: [BundleLink]
    public var entry: [BundleEntry]
    /// Elements of the definition kept as they came, not interpreted by the gateway.
    public var keptElements: [ElementNode]

    public init(
        id: FHIRId? = nil,
        meta: Meta? = nil,
        identifier: Identifier? = nil,
        type: FHIRCode? = nil,
        timestamp: FHIRInstant? = nil,
        total: FHIRUnsignedInt? = nil,
        link: [BundleLink] = [],
        entry: [BundleEntry] = [],
        keptElements: [ElementNode] = []
    ) {
        self.id = id
        self.meta = meta
        self.identifier = identifier
        self.type = type
        self.timestamp = timestamp
        self.total = total
        self.link = link
        self.entry = entry
        self.keptElements = keptElements
    }

    public static let resourceType = "Bundle"
    public static let elements = ElementSpecList(ElementSpecList.resource + [
        ElementSpec("identifier", "Identifier"),
        ElementSpec("type", "code", required: true),
        ElementSpec("timestamp", "instant"),
        ElementSpec("total", "unsignedInt"),
        ElementSpec("link", "BackboneElement", repeats: true),
        ElementSpec("entry", "BackboneElement", repeats: true),
        ElementSpec("signature", "Signature"),
    ])

    public init(from reader: inout ElementReader) {
        id = reader.primitive("id")
        meta = reader.element("meta")
        identifier = reader.element("identifier")
        type = reader.primitive("type", required: true)
        timestamp = reader.primitive("timestamp")
        total = reader.primitive("total")
        link = reader.elements("link")
        entry = reader.elements("entry")
        keptElements = reader.remainingElements()
    }

    public func write(to writer: inout ElementWriter) {
        writer.write("id", id)
        writer.write("meta", meta)
        writer.write("identifier", identifier)
        writer.write("type", type)
        writer.write("timestamp", timestamp)
        writer.write("total", total)
        writer.write("link", link)
        writer.write("entry", entry)
        writer.write(kept: keptElements)
    }
}
