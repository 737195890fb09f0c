/// One issue of an OperationOutcome: severity, type, message, location.
public struct OperationOutcomeIssue: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var severity: FHIRCode?
    public var code: FHIRCode?
    public var details: CodeableConcept?
    public var diagnostics: FHIRString?
    public var location: [FHIRString]
    public var expression: [FHIRString]

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        severity: FHIRCode? = nil,
        code: FHIRCode? = nil,
        details: CodeableConcept? = nil,
        diagnostics: FHIRString? = nil,
        location: [FHIRString] = [],
        expression: [FHIRString] = []
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.severity = severity
        self.code = code
        self.details = details
        self.diagnostics = diagnostics
        self.location = location
        self.expression = expression
    }

    public static let definitionPath = "OperationOutcome.issue"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("severity", "code", required: true),
        ElementSpec("code", "code", required: true),
        ElementSpec("details", "CodeableConcept"),
        ElementSpec("diagnostics", "string"),
        ElementSpec("location", "string", repeats: true),
        ElementSpec("expression", "string", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        severity = reader.primitive("severity", required: true)
        code = reader.primitive("code", required: true)
        details = reader.element("details")
        diagnostics = reader.primitive("diagnostics")
        location = reader.primitives("location")
        expression = reader.primitives("expression")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("severity", severity)
        writer.write("code", code)
        writer.write("details", details)
        writer.write("diagnostics", diagnostics)
        writer.write("location", location)
        writer.write("expression", expression)
    }
}
