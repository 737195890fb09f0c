public import FHIRModels

/// Builds OperationOutcomes (http://hl7.org/fhir/R4/operationoutcome.html) from issues.
public enum OperationOutcomes {
    public static func outcome(_ issues: [FHIRIssue]) -> OperationOutcome {
        OperationOutcome(issue: issues.map { issue in
            OperationOutcomeIssue(
                severity: FHIRCode(issue.severity.rawValue), code: FHIRCode(issue.code.rawValue),
                diagnostics: FHIRString(issue.diagnostics),
                expression: issue.expression.map { [FHIRString($0)] } ?? [])
        })
    }

    public static func outcome(_ error: FHIRError) -> OperationOutcome { outcome(error.issues) }
}
