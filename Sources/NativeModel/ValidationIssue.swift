/// One problem with input, named by the field it is about (`identifiers[0].system`, `value`).
/// The native API returns these in its error body; the FHIR layer turns them into
/// OperationOutcome issues.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The body is not JSON, or not the JSON value expected (an object).
        case malformedJSON = "malformed_json"
        /// A field holds a value of the wrong JSON type.
        case wrongType = "wrong_type"
        /// A required field is absent or null.
        case missingField = "missing_field"
        /// A field the record does not have.
        case unknownField = "unknown_field"
        /// A value of the right type but not of the right form (a date that is not a date, an unknown code).
        case invalidValue = "invalid_value"
        /// A value outside what is physically plausible (negative steps, glucose of 10,000 mg/dL).
        case outOfRange = "out_of_range"
        /// Values that cannot all be true at once (sleep that ends before it starts).
        case inconsistent
    }

    public var code: Code
    /// The path of the field, dotted with `[i]` indexes; empty for the whole body.
    public var field: String
    public var message: String

    public init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// Input that broke one or more rules; never empty.
public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        precondition(!issues.isEmpty, "a ValidationError needs at least one issue")
        self.issues = issues
    }

    public init(_ issue: ValidationIssue) { self.issues = [issue] }

    public var description: String { issues.map(\.description).joined(separator: "; ") }
}
