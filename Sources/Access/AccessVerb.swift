/// What a SMART scope lets a client do with a resource type: the letters of SMART v2's `cruds`
/// (http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#scopes-for-requesting-fhir-resources).
/// SMART v1's `read` is `rs`, its `write` `cud`, its `*` all five.
public enum AccessVerb: Character, Sendable, Hashable, CaseIterable {
    case create = "c"
    case read = "r"
    case update = "u"
    case delete = "d"
    case search = "s"

    /// The SMART v2 scope suffix of a set of verbs, in `cruds` order (`rs`).
    public static func letters(_ verbs: Set<AccessVerb>) -> String {
        String(allCases.filter(verbs.contains).map(\.rawValue))
    }
}
