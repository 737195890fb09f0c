public import FHIRModels

/// A resource that is valid FHIR but cannot become native rows: an unmapped code, a unit that does not
/// fit the code, a value the native tables cannot hold, a subject that is not a Patient of the
/// gateway. Each issue names the element with its FHIRPath. Reported as 422 Unprocessable Entity.
public struct MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [FHIRIssue]

    public init(_ issues: [FHIRIssue]) {
        self.issues = issues
    }

    public init(_ code: FHIRIssue.IssueType, _ diagnostics: String, at expression: String? = nil) {
        self.init([.error(code, diagnostics, at: expression)])
    }

    public var description: String { issues.map(\.description).joined(separator: "; ") }
}
