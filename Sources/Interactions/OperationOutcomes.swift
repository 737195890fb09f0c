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

extension AnyResource {
    var meta: Meta? {
        switch self {
        case .patient(let resource): return resource.meta
        case .observation(let resource): return resource.meta
        case .bundle(let resource): return resource.meta
        case .operationOutcome(let resource): return resource.meta
        case .parameters(let resource): return resource.meta
        case .capabilityStatement(let resource): return resource.meta
        case .other: return nil
        }
    }
}
