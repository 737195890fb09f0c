/// One finding about a resource or a request, as an OperationOutcome issue carries it
/// (http://hl7.org/fhir/R4/operationoutcome.html): severity, type, a message, and where.
public struct FHIRIssue: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    public var code: IssueType
    public var diagnostics: String
    /// A FHIRPath expression of the element concerned (`Patient.birthDate`, `Observation.component[1].code`).
    public var expression: String?

    public init(_ severity: Severity, _ code: IssueType, _ diagnostics: String, at expression: String? = nil) {
        self.severity = severity
        self.code = code
        self.diagnostics = diagnostics
        self.expression = expression
    }

    public static func error(_ code: IssueType, _ diagnostics: String, at expression: String? = nil) -> FHIRIssue {
        FHIRIssue(.error, code, diagnostics, at: expression)
    }

    public static func warning(_ code: IssueType, _ diagnostics: String, at expression: String? = nil) -> FHIRIssue {
        FHIRIssue(.warning, code, diagnostics, at: expression)
    }

    public var description: String { expression.map { "\($0): \(diagnostics)" } ?? diagnostics }

    /// http://hl7.org/fhir/R4/valueset-issue-severity.html
    public enum Severity: String, Sendable, Hashable {
        case fatal, error, warning, information
    }

    /// The issue types the gateway reports, from http://hl7.org/fhir/R4/valueset-issue-type.html.
    public enum IssueType: String, Sendable, Hashable {
        case invalid, structure, required, value, invariant
        case notSupported = "not-supported"
        case codeInvalid = "code-invalid"
        case notFound = "not-found"
        case deleted, conflict, duplicate, processing, exception, informational, incomplete, transient, throttled
        case tooCostly = "too-costly"
        case multipleMatches = "multiple-matches"
        case security, login, forbidden
    }
}

/// Resources that could not be read: every problem found, each located.
public struct FHIRDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [FHIRIssue]

    public init(_ issues: [FHIRIssue]) {
        self.issues = issues
    }

    public var description: String { issues.map(\.description).joined(separator: "; ") }
}
