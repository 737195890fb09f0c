/// A JSON value as FHIR needs it (http://hl7.org/fhir/R4/json.html): object members in document
/// order, and numbers as written, so a decimal `1.50` stays `1.50` (its precision is part of its value).
public indirect enum JSONNode: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number's lexical form, valid by the JSON grammar (RFC 8259 §6).
    case number(String)
    case string(String)
    case array([JSONNode])
    case object([JSONMember])

    /// The member named `key` of an object; nil for a missing member or a non-object.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// A member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONNode

    public init(_ key: String, _ value: JSONNode) {
        self.key = key
        self.value = value
    }
}
