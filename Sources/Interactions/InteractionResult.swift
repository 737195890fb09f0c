public import FHIRModels

/// What an interaction produced: the status, the resource (or none, for a delete), its version
/// data for `ETag`, `Last-Modified` and `Location`, and the warnings to report.
public struct InteractionResult: Sendable {
    public enum Status: Int, Sendable {
        case ok = 200, created = 201, noContent = 204
    }

    public var status: Status
    public var resource: AnyResource?
    /// `Patient/42`: where the resource lives, for `Location`.
    public var address: String?
    /// Warnings and information about the request (elements not stored, units converted).
    public var issues: [FHIRIssue]
    /// The version data of a result that carries no resource: a transaction answers each entry with
    /// where it wrote and which version, and building the resource only to drop it was 4% of its CPU.
    public var meta: Meta?

    public init(status: Status, resource: AnyResource?, address: String? = nil, issues: [FHIRIssue] = [], meta: Meta? = nil) {
        self.status = status
        self.resource = resource
        self.address = address
        self.issues = issues
        self.meta = meta
    }

    /// `meta.versionId`, of `meta` or else of the resource, for `ETag`.
    public var versionID: String? { (meta ?? resource?.meta)?.versionId?.value }
    /// `meta.lastUpdated`, of `meta` or else of the resource, for `Last-Modified`.
    public var lastUpdated: String? { (meta ?? resource?.meta)?.lastUpdated?.value }

    /// An OperationOutcome of what happened: `summary` (unless an issue already says it), then the issues.
    public func outcome(summary: String) -> OperationOutcome {
        let said = issues.contains { $0.severity == .information && $0.expression == nil }
        return OperationOutcomes.outcome(said ? issues : [FHIRIssue(.information, .informational, summary)] + issues)
    }
}
