/// `health-gateway audit verify`: walks the audit trail from its first record kept (after the anchor
/// retention pruning left, or from the start) to its last, and finds the first place where the hash
/// chain breaks: a record whose content no longer makes its hash (edited), a sequence number skipped
/// (removed), a record that does not name the hash of the one before (the one before was replaced).
/// What a chain cannot show by itself: records removed from the end, with nothing written after them;
/// the `--audit-log` stream, kept elsewhere, has those.
public enum AuditVerifier {
    public struct Report: Sendable, Equatable {
        /// How many records were checked, and the range of their sequence numbers.
        public var checked: Int
        public var first: Int64?
        public var last: Int64?
        /// The first break, in words; nil when the chain holds.
        public var problem: String?

        public var holds: Bool { problem == nil }
    }

    public static func verify(_ store: any HealthStore, pageSize: Int = 10_000) async throws -> Report {
        var report = Report(checked: 0, first: nil, last: nil, problem: nil)
        var page = try await store.auditChain(after: 0, limit: pageSize)
        var sequence = page.anchorSequence ?? 0
        var hash = page.anchorHash ?? AuditChain.genesis
        if let anchor = page.anchorSequence, let first = page.records.first, first.sequence <= anchor {
            report.problem = "record \(first.sequence) is older than the pruned part, which ends at \(anchor)"
            return report
        }
        while !page.records.isEmpty {
            for record in page.records {
                if let problem = problem(record, afterSequence: sequence, hash: hash) {
                    report.problem = problem
                    return report
                }
                report.checked += 1
                report.first = report.first ?? record.sequence
                report.last = record.sequence
                (sequence, hash) = (record.sequence, record.hash)
            }
            page = try await store.auditChain(after: sequence, limit: pageSize)
        }
        return report
    }

    /// What is wrong with `record` as the link after (`sequence`, `hash`); nil when nothing is.
    static func problem(_ record: StoredAuditRecord, afterSequence sequence: Int64, hash: String) -> String? {
        if record.sequence != sequence + 1 {
            let missing = record.sequence - 1 > sequence + 1 ? "\(sequence + 1) to \(record.sequence - 1) are"
                : "\(sequence + 1) is"
            return "record \(missing) missing (removed): the trail goes from \(sequence) to \(record.sequence)"
        }
        if record.hash != AuditChain.hash(sequence: record.sequence, record.record, previous: record.previousHash) {
            return "record \(record.sequence) was changed: its content no longer makes its hash"
        }
        if record.previousHash != hash {
            return sequence == 0 && hash == AuditChain.genesis
                ? "record \(record.sequence) does not start the chain: records before it were removed"
                : "record \(record.sequence) does not name the hash of record \(sequence): record \(sequence) was changed or replaced"
        }
        return nil
    }
}
