public import FHIRModels
public import NativeModel

/// The input parameters of an operation (http://hl7.org/fhir/R4/operations.html#request): the query
/// string of a GET, or the `Parameters` resource of a POST, read into one form.
public struct OperationInput: Sendable {
    /// One input parameter: a primitive's lexical form, or a Period, or a Coding.
    public struct Value: Sendable {
        public var name: String
        public var text: String?
        public var period: (start: String?, end: String?)?
        public var coding: (system: String?, code: String?)?
    }

    public var values: [Value]
    /// The operation's name, for messages: `$health-score`.
    public let operation: String

    /// The query parameters of a GET; `_format` and `_pretty` belong to the HTTP layer and are left out.
    public init(operation: String, query: [(name: String, value: String)]) {
        self.operation = operation
        values = query.filter { $0.name != "_format" && $0.name != "_pretty" }
            .map { Value(name: $0.name, text: $0.value) }
    }

    /// The parameters of a POSTed `Parameters` resource: primitives, Periods and Codings.
    public init(operation: String, parameters: Parameters) throws {
        self.operation = operation
        values = []
        for (index, parameter) in parameters.parameter.enumerated() {
            let name = parameter.name?.value ?? ""
            let path = "Parameters.parameter[\(index)]"
            guard let value = parameter.value, parameter.resource == nil, parameter.part.isEmpty else {
                throw FHIRError(.invalid, "\(operation) takes values, not resources or parts: '\(name)' has none",
                                at: path)
            }
            switch value.type {
            case "Period":
                values.append(Value(name: name, period: (Self.child("start", of: value.node), Self.child("end", of: value.node))))
            case "Reference":
                values.append(Value(name: name, text: Self.child("reference", of: value.node)))
            case "Coding":
                values.append(Value(name: name, coding: (Self.child("system", of: value.node), Self.child("code", of: value.node))))
            default:
                guard case .primitive(let content) = value.node.content, let lexical = content.lexical else {
                    throw FHIRError(.invalid, "\(operation) does not take a \(value.type) for '\(name)'",
                                    at: "\(path).value\(value.type.prefix(1).uppercased())\(value.type.dropFirst())")
                }
                values.append(Value(name: name, text: lexical))
            }
        }
    }

    private static func child(_ name: String, of node: ElementNode) -> String? {
        guard let child = node.children.first(where: { $0.name == name }),
              case .primitive(let content) = child.content else { return nil }
        return content.lexical
    }

    /// 400 for a parameter the operation does not define.
    public func rejectUnknown(allowed: Set<String>) throws {
        if let unknown = values.first(where: { !allowed.contains($0.name) }) {
            throw FHIRError(.invalid, "\(operation) has no parameter '\(unknown.name)'; it takes "
                + allowed.sorted().joined(separator: ", "), at: unknown.name)
        }
    }

    /// The one text value of `name`; 400 when given twice or not as text.
    public func single(_ name: String) throws -> String? {
        let matches = values.filter { $0.name == name }
        guard let first = matches.first else { return nil }
        guard matches.count == 1 else { throw FHIRError(.invalid, "\(operation): '\(name)' may be given once", at: name) }
        guard let text = first.text else { throw FHIRError(.invalid, "\(operation): '\(name)' must be a simple value", at: name) }
        return text
    }

    /// The text values of `name`, each split at commas (search-style OR lists).
    public func list(_ name: String) -> [String] {
        values.filter { $0.name == name }.compactMap(\.text).flatMap { $0.split(separator: ",").map(String.init) }
    }

    public func all(_ name: String) -> [Value] { values.filter { $0.name == name } }

    /// An instant parameter (`_since`): its text and its time; 400 naming it when it is not an instant.
    public func instant(_ name: String) throws -> (text: String, time: OffsetDateTime)? {
        guard let text = try single(name) else { return nil }
        guard let time = OffsetDateTime(parsing: text) else {
            throw FHIRError(.invalid, "\(operation): \(name) '\(text)' is not an instant (2026-11-01T00:00:00Z: a date, a "
                + "time to the second and a zone)", at: name)
        }
        return (text, time)
    }

    /// A positive integer parameter within `range`; 400 naming the value otherwise.
    public func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try single(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw FHIRError(.invalid, "\(operation): '\(name)' must be a whole number from \(range.lowerBound) to "
                + "\(range.upperBound), not '\(text)'", at: name)
        }
        return value
    }
}
