/// An Observation category a granular SMART v2 scope names
/// (`?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory`): a token, with
/// or without its system (http://hl7.org/fhir/R4/search.html#token).
public struct CategoryCode: Sendable, Hashable, Codable {
    /// The code system; nil matches the code in any system.
    public var system: String?
    public var code: String

    public init(system: String?, code: String) {
        self.system = system
        self.code = code
    }

    /// `system|code`, `|code` (no system) or `code` (any system); nil for an empty code.
    public init?(token: String) {
        if let bar = token.firstIndex(of: "|") {
            let system = String(token[..<bar])
            let code = String(token[token.index(after: bar)...])
            guard !code.isEmpty else { return nil }
            self.init(system: system, code: code)  // "|code": the empty system, which no category has
        } else {
            guard !token.isEmpty else { return nil }
            self.init(system: nil, code: token)
        }
    }

    /// Whether a category coding of a resource is this one.
    public func matches(system: String, code: String) -> Bool {
        code == self.code && (self.system == nil || self.system == system)
    }
}
