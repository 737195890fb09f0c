/// A code from a code system (http://hl7.org/fhir/R4/datatypes.html#Coding).
public struct Coding: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var system: FHIRURI?
    public var version: FHIRString?
    public var code: FHIRCode?
    public var display: FHIRString?
    public var userSelected: FHIRBoolean?

    public init(
        id: String? = nil, extensions: [Extension] = [],
        system: FHIRURI? = nil, version: FHIRString? = nil, code: FHIRCode? = nil, display: FHIRString? = nil, userSelected: FHIRBoolean? = nil
    ) {
        self.id = id
        self.extensions = extensions
        self.system = system
        self.version = version
        self.code = code
        self.display = display
        self.userSelected = userSelected
    }

    public static let definitionPath = "Coding"
    public static let elements = ElementSpecList(ElementSpecList.element + [
        ElementSpec("system", "uri"),
        ElementSpec("version", "string"),
        ElementSpec("code", "code"),
        ElementSpec("display", "string"),
        ElementSpec("userSelected", "boolean"),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        system = reader.primitive("system")
        version = reader.primitive("version")
        code = reader.primitive("code")
        display = reader.primitive("display")
        userSelected = reader.primitive("userSelected")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("system", system)
        writer.write("version", version)
        writer.write("code", code)
        writer.write("display", display)
        writer.write("userSelected", userSelected)
    }
}
