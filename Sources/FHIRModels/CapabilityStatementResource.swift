/// What the server offers for one resource type.
public struct CapabilityStatementResource: FHIRElement {
    public var id: String?
    public var extensions: [Extension]
    public var modifierExtensions: [Extension]
    public var type: FHIRCode?
    public var profile: FHIRCanonical?
    public var supportedProfile: [FHIRCanonical]
    public var documentation: FHIRMarkdown?
    public var interaction: [CapabilityStatementInteraction]
    public var versioning: FHIRCode?
    public var readHistory: FHIRBoolean?
    public var updateCreate: FHIRBoolean?
    public var conditionalCreate: FHIRBoolean?
    public var conditionalRead: FHIRCode?
    public var conditionalUpdate: FHIRBoolean?
    public var conditionalDelete: FHIRCode?
    public var referencePolicy: [FHIRCode]
    public var searchInclude: [FHIRString]
    public var searchRevInclude: [FHIRString]
    public var searchParam: [CapabilityStatementSearchParam]
    public var operation: [CapabilityStatementOperation]

    public init(
        id: String? = nil,
        extensions: [Extension] = [],
        modifierExtensions: [Extension] = [],
        type: FHIRCode? = nil,
        profile: FHIRCanonical? = nil,
        supportedProfile: [FHIRCanonical] = [],
        documentation: FHIRMarkdown? = nil,
        interaction: [CapabilityStatementInteraction] = [],
        versioning: FHIRCode? = nil,
        readHistory: FHIRBoolean? = nil,
        updateCreate: FHIRBoolean? = nil,
        conditionalCreate: FHIRBoolean? = nil,
        conditionalRead: FHIRCode? = nil,
        conditionalUpdate: FHIRBoolean? = nil,
        conditionalDelete: FHIRCode? = nil,
        referencePolicy: [FHIRCode] = [],
        searchInclude: [FHIRString] = [],
        searchRevInclude: [FHIRString] = [],
        searchParam: [CapabilityStatementSearchParam] = [],
        operation: [CapabilityStatementOperation] = []
    ) {
        self.id = id
        self.extensions = extensions
        self.modifierExtensions = modifierExtensions
        self.type = type
        self.profile = profile
        self.supportedProfile = supportedProfile
        self.documentation = documentation
        self.interaction = interaction
        self.versioning = versioning
        self.readHistory = readHistory
        self.updateCreate = updateCreate
        self.conditionalCreate = conditionalCreate
        self.conditionalRead = conditionalRead
        self.conditionalUpdate = conditionalUpdate
        self.conditionalDelete = conditionalDelete
        self.referencePolicy = referencePolicy
        self.searchInclude = searchInclude
        self.searchRevInclude = searchRevInclude
        self.searchParam = searchParam
        self.operation = operation
    }

    public static let definitionPath = "CapabilityStatement.rest.resource"
    public static let elements = ElementSpecList(ElementSpecList.backbone + [
        ElementSpec("type", "code", required: true),
        ElementSpec("profile", "canonical"),
        ElementSpec("supportedProfile", "canonical", repeats: true),
        ElementSpec("documentation", "markdown"),
        ElementSpec("interaction", "BackboneElement", repeats: true),
        ElementSpec("versioning", "code"),
        ElementSpec("readHistory", "boolean"),
        ElementSpec("updateCreate", "boolean"),
        ElementSpec("conditionalCreate", "boolean"),
        ElementSpec("conditionalRead", "code"),
        ElementSpec("conditionalUpdate", "boolean"),
        ElementSpec("conditionalDelete", "code"),
        ElementSpec("referencePolicy", "code", repeats: true),
        ElementSpec("searchInclude", "string", repeats: true),
        ElementSpec("searchRevInclude", "string", repeats: true),
        ElementSpec("searchParam", "BackboneElement", repeats: true),
        ElementSpec("operation", "BackboneElement", repeats: true),
    ])

    public init(from reader: inout ElementReader) {
        (id, extensions) = reader.elementBase()
        modifierExtensions = reader.elements("modifierExtension")
        type = reader.primitive("type", required: true)
        profile = reader.primitive("profile")
        supportedProfile = reader.primitives("supportedProfile")
        documentation = reader.primitive("documentation")
        interaction = reader.elements("interaction")
        versioning = reader.primitive("versioning")
        readHistory = reader.primitive("readHistory")
        updateCreate = reader.primitive("updateCreate")
        conditionalCreate = reader.primitive("conditionalCreate")
        conditionalRead = reader.primitive("conditionalRead")
        conditionalUpdate = reader.primitive("conditionalUpdate")
        conditionalDelete = reader.primitive("conditionalDelete")
        referencePolicy = reader.primitives("referencePolicy")
        searchInclude = reader.primitives("searchInclude")
        searchRevInclude = reader.primitives("searchRevInclude")
        searchParam = reader.elements("searchParam")
        operation = reader.elements("operation")
    }

    public func write(to writer: inout ElementWriter) {
        writer.writeElementBase(id: id, extensions: extensions)
        writer.write("modifierExtension", modifierExtensions)
        writer.write("type", type)
        writer.write("profile", profile)
        writer.write("supportedProfile", supportedProfile)
        writer.write("documentation", documentation)
        writer.write("interaction", interaction)
        writer.write("versioning", versioning)
        writer.write("readHistory", readHistory)
        writer.write("updateCreate", updateCreate)
        writer.write("conditionalCreate", conditionalCreate)
        writer.write("conditionalRead", conditionalRead)
        writer.write("conditionalUpdate", conditionalUpdate)
        writer.write("conditionalDelete", conditionalDelete)
        writer.write("referencePolicy", referencePolicy)
        writer.write("searchInclude", searchInclude)
        writer.write("searchRevInclude", searchRevInclude)
        writer.write("searchParam", searchParam)
        writer.write("operation", operation)
    }
}
