/// Errors, warnings and information about an action (http://hl7.org/fhir/R4/operationoutcome.html).
public struct OperationOutcome: FHIRResource {
    public var id: FHIRId?
    public var meta: Meta?
    public var text: Narrative?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var issue: [OperationOutcomeIssue]

    public init(
        id: FHIRId? = nil,
        meta: Meta? = nil,
        text: Narrative? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        issue: [OperationOutcomeIssue] = []
    ) {
        self.id = id
        self.meta = meta
        self.text = text
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.issue = issue
    }

    public static let resourceType = "OperationOutcome"
    public static let elements = ElementSpecList(ElementSpecList.domainResource + [
        ElementSpec("issue", "BackboneElement", repeats: true, required: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, meta, text, extensions, modifierExtensions) = reader.domainResourceBase()
        issue = reader.elements("issue", required: true)
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeDomainResourceBase(id: id, meta: meta, text: text, extensions: extensions,
                                       modifierExtensions: modifierExtensions)
        writer.write("issue", issue)
    }
}
