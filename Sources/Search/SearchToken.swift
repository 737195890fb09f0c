/// A token search value (http://hl7.org/fhir/R4/search.html#token): `system|code`, `code` (any
/// system) or `|code` (no system).
public struct SearchToken: Sendable, Hashable {
    public enum System: Sendable, Hashable {
        case any
        case none
        case named(String)

        /// Whether a token with this system matches a code of `system`.
        public func admits(_ system: String) -> Bool {
            switch self {
            case .any: return true
            case .none: return false
            case .named(let name): return name == system
            }
        }
    }

    public var system: System
    public var code: String

    public init(system: System, code: String) {
        self.system = system
        self.code = code
    }

    /// Reads an unescaped token value; nil when it has more than one unescaped `|` or no code.
    init?(_ text: String) {
        let parts = SearchValueText.split(text, at: "|")
        switch parts.count {
        case 1: self.init(system: .any, code: parts[0])
        case 2: self.init(system: parts[0].isEmpty ? .none : .named(parts[0]), code: parts[1])
        default: return nil
        }
        if code.isEmpty { return nil }
    }
}
