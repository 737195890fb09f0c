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

/// A verb as its letter (`"s"`), so that a policy can be kept with a job that runs it later.
extension AccessVerb: Codable {
    public init(from decoder: any Decoder) throws {
        let letter = try decoder.singleValueContainer().decode(String.self)
        guard letter.count == 1, let first = letter.first, let verb = AccessVerb(rawValue: first) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(letter)' is not one of the letters cruds"))
        }
        self = verb
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(rawValue))
    }
}
