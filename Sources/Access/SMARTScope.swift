/// One resource scope of a SMART access token, parsed fail-closed: `patient/Observation.rs`,
/// `user/*.read`, `system/Patient.cruds`,
/// `patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory`
/// (http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html).
///
/// Anything this parser does not understand is not a scope (`init` returns nil), so it grants nothing
/// and never widens another scope: an unknown context or permission, letters out of `cruds` order or
/// repeated (`rrs`), a granular query on a v1 permission, a query parameter other than `category`, a
/// malformed resource type. Scopes that are not about resources (`openid`, `fhirUser`, `launch`,
/// `launch/patient`, `offline_access`) are not resource scopes either.
public struct SMARTScope: Sendable, Hashable {
    /// Whose data the scope is about (SMART's "context" prefix).
    public enum Context: String, Sendable, Hashable {
        /// The Patient of the token's launch context (its `patient` claim).
        case patient
        /// What the signed-in user may see: one Patient when the user is that Patient.
        case user
        /// A backend service: every patient.
        case system
    }

    public var context: Context
    /// A resource type, or `*` for every type.
    public var resourceType: String
    public var verbs: Set<AccessVerb>
    /// The categories a granular scope is limited to (any of them); nil when it is not limited.
    public var categories: [CategoryCode]?

    public init(context: Context, resourceType: String, verbs: Set<AccessVerb>, categories: [CategoryCode]? = nil) {
        self.context = context
        self.resourceType = resourceType
        self.verbs = verbs
        self.categories = categories
    }

    public init?(_ text: String) {
        guard let slash = text.firstIndex(of: "/"), let context = Context(rawValue: String(text[..<slash])) else {
            return nil
        }
        var rest = text[text.index(after: slash)...]
        var query: Substring?
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        guard let dot = rest.lastIndex(of: "."), Self.isResourceType(rest[..<dot]) else { return nil }
        let permission = rest[rest.index(after: dot)...]
        let verbs: Set<AccessVerb>
        switch permission {
        case "read": verbs = [.read, .search]
        case "write": verbs = [.create, .update, .delete]
        case "*": verbs = Set(AccessVerb.allCases)
        default:
            guard let letters = Self.v2Verbs(permission) else { return nil }
            verbs = letters
        }
        var categories: [CategoryCode]?
        if let query {
            let isV2 = !["read", "write", "*"].contains(permission)
            guard isV2, let parsed = Self.categories(query) else { return nil }
            categories = parsed
        }
        self.init(context: context, resourceType: String(rest[..<dot]), verbs: verbs, categories: categories)
    }

    /// SMART v2 permissions: a non-empty subset of `cruds`, each letter once, in that order.
    static func v2Verbs(_ letters: Substring) -> Set<AccessVerb>? {
        let order = AccessVerb.allCases
        var verbs: Set<AccessVerb> = []
        var last = -1
        for letter in letters {
            guard let verb = AccessVerb(rawValue: letter), let position = order.firstIndex(of: verb), position > last else {
                return nil
            }
            verbs.insert(verb)
            last = position
        }
        return verbs.isEmpty ? nil : verbs
    }

    /// The one parameter a granular scope may carry here, `category=token[,token…]` (the tokens are
    /// alternatives, as in a FHIR search); anything else makes the scope grant nothing.
    static func categories(_ query: Substring) -> [CategoryCode]? {
        let parameters = query.split(separator: "&", omittingEmptySubsequences: false)
        guard parameters.count == 1, let equals = parameters[0].firstIndex(of: "="),
              parameters[0][..<equals] == "category"
        else { return nil }
        let value = parameters[0][parameters[0].index(after: equals)...]
        var codes: [CategoryCode] = []
        for token in value.split(separator: ",", omittingEmptySubsequences: false) {
            guard let decoded = PercentDecoding.decode(token), let code = CategoryCode(token: decoded) else { return nil }
            codes.append(code)
        }
        return codes.isEmpty ? nil : codes
    }

    /// `*` or a FHIR resource type's shape (an upper-case letter, then letters).
    static func isResourceType(_ text: Substring) -> Bool {
        if text == "*" { return true }
        guard let first = text.first, first.isASCII, first.isUppercase, text.count <= 64 else { return false }
        return text.allSatisfy { $0.isASCII && $0.isLetter }
    }
}
