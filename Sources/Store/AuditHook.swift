/// The audit record of the request a write belongs to, put in the write's own transaction: a write is
/// never committed without its record. The HTTP layer sets one for the duration of a writing request
/// (`AuditHook.$current.withValue`); every engine's `apply` asks it for the record of what the
/// transaction did (`record(for:)`, with the transaction's outcomes: the ids of rows it created are
/// known only there), appends that record as the transaction's last statement, and tells the hook when
/// the transaction has committed (`committed()`): a request whose writes all failed gets its failure
/// record afterwards, from the HTTP layer.
public final class AuditHook: Sendable {
    @TaskLocal public static var current: AuditHook?

    private let make: @Sendable ([WriteOutcome]) -> AuditRecord?
    private let onCommit: @Sendable () -> Void

    public init(record make: @escaping @Sendable ([WriteOutcome]) -> AuditRecord?,
                committed onCommit: @escaping @Sendable () -> Void) {
        self.make = make
        self.onCommit = onCommit
    }

    /// The record to append in the transaction whose operations had `outcomes`; nil for none.
    public func record(for outcomes: [WriteOutcome]) -> AuditRecord? { make(outcomes) }

    public func committed() { onCommit() }
}
