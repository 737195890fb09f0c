/// Why an entry is in a search result: a match or an include.
public struct BundleEntrySearch: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var mode: FHIRCode?
    public var score: FHIRDecimal?

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        mode: FHIRCode? = nil,
        score: FHIRDecimal? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.mode = mode
        self.score = score
    }

    public static let definitionPath = "Bundle.entry.search"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("mode", "code"),
        ElementSpec("score", "decimal"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        mode = reader.primitive("mode")
        score = reader.primitive("score")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("mode", mode)
        writer.write("score", score)
    }
}
