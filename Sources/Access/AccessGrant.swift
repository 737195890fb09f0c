/// What one scope of a token grants once its context is resolved: verbs on a resource type (or every
/// type), within a compartment, perhaps only for some categories.
public struct AccessGrant: Sendable, Hashable, Codable {
    /// A resource type, or `*`.
    public var resourceType: String
    public var verbs: Set<AccessVerb>
    public var compartment: Compartment
    /// nil: every category. Resources that have no category (Patient) are never reached by a grant
    /// that names categories.
    public var categories: [CategoryCode]?

    public init(resourceType: String, verbs: Set<AccessVerb>, compartment: Compartment, categories: [CategoryCode]? = nil) {
        self.resourceType = resourceType
        self.verbs = verbs
        self.compartment = compartment
        self.categories = categories
    }

    /// Whether the grant covers `verb` on `type`.
    public func covers(_ verb: AccessVerb, on type: String) -> Bool {
        verbs.contains(verb) && (resourceType == "*" || resourceType == type)
    }
}
