/// An identifier a user has in another system, e.g. an EHR's medical record number. A user lists each
/// pair (`system`, `value`) once; two users may share one (a colliding driver's licence, a reused
/// placeholder, a data-entry error), so matching on it must count the users it names.
public struct ExternalIdentifier: Sendable, Hashable, Codable {
    /// The namespace of the value, a URI such as `urn:oid:1.2.36.146.595.217.0.1`.
    public var system: String
    public var value: String

    public init(system: String, value: String) {
        self.system = system
        self.value = value
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case system, value }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        system = try container.required(String.self, forKey: .system)
        value = try container.required(String.self, forKey: .value)
    }

    func ruleViolations(field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if system.isEmpty || system.count > 500 || system.contains(where: \.isWhitespace) {
            issues.append(ValidationIssue(.invalidValue, field: field + ".system",
                                          "must be a URI of 1–500 characters without spaces"))
        }
        if value.isEmpty || value.count > 200 {
            issues.append(ValidationIssue(.invalidValue, field: field + ".value", "must have 1–200 characters"))
        }
        return issues
    }
}
