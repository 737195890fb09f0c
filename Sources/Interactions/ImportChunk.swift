import FHIRModels
import Mapping
import NativeModel
import Store

/// The result of importing one chunk of lines: counts, and the problems of the lines that failed.
struct ImportChunkReport: Sendable {
    var counts = ImportCounts()
    var failures: [(line: Int, issues: [FHIRIssue])] = []

    mutating func fail(_ line: Int, _ key: ImportCountKey, _ issues: [FHIRIssue]) {
        counts.count(key, \.failed)
        failures.append((line, issues))
    }
}

/// Writes a chunk of import lines in one atomic `apply`: Patients created or matched by the source's
/// own reference, then by their record numbers (`UserMatch`); Observations created or matched by
/// identifier (or, without one, by patient, code, time and value), their owners resolved by the store
/// (`ImportSubjects`).
/// A line the store refuses fails alone: it is taken out and the rest applied again.
///
/// The job's progress is written in the same transaction (`progress`, under `progressKey`, computed
/// from the chunk's report once the store has the outcomes), so a crash leaves either the chunk and
/// its progress, or neither: a resumed job counts every line once, as an uninterrupted one does.
struct ImportChunk<Store: HealthStore> {
    let store: Store
    /// The metadata key of the job's progress.
    let progressKey: String
    /// The job's progress after the chunk, from the chunk's report (counts and failures).
    let progress: @Sendable (ImportChunkReport) throws -> String

    private struct Write {
        var item: ImportItem
        var operation: WriteOperation
        var owner: UserRef?
    }

    /// Writes the chunk; returns its report.
    func write(_ items: [ImportItem], serverBase: String?) async throws -> ImportChunkReport {
        var report = ImportChunkReport()
        var writes: [Write] = []
        for item in items {
            switch item.action {
            case .patient(let record, let match):
                writes.append(Write(item: item, operation: .createOrMatchUser(record, match: match, whenFound: .replace)))
            case .observation(let record, let subject):
                do {
                    let owner = try ImportSubjects.owner(of: subject, serverBase: serverBase)
                    let whenFound: WriteOperation.WhenFound = record.externalID == nil ? .keep : .replace
                    writes.append(Write(item: item, operation: .createOrMatchMeasurement(record, owner: owner, whenFound: whenFound),
                                        owner: owner))
                } catch let error as MappingError {
                    report.fail(item.line, item.key, error.issues)
                }
            case .skipped:
                report.counts.count(item.key, \.skipped)
            case .failed(let issues):
                report.fail(item.line, item.key, issues)
            }
        }
        writes = try await withKnownSubjects(writes, into: &report)
        try await apply(writes, into: &report)
        return report
    }

    /// The writes whose subject can be resolved: an Observation naming a source record (`Patient/ehr-1`)
    /// that neither a Patient line before it in the chunk nor an earlier import has met fails here, in
    /// one read for the chunk, rather than one failed transaction at a time.
    private func withKnownSubjects(_ writes: [Write], into report: inout ImportChunkReport) async throws -> [Write] {
        var metHere = Set<String>()
        var asked: [Int: String] = [:]  // the writes whose subject only the store can know, by position
        for (index, write) in writes.enumerated() {
            if case .createOrMatchUser(_, let match, _) = write.operation, let reference = match.sourceReference {
                metHere.insert(reference)
            } else if case .sourceRecord(let reference, elseID: nil)? = write.owner, !metHere.contains(reference) {
                asked[index] = reference
            }
        }
        guard !asked.isEmpty else { return writes }
        let known = try await store.users(importedAs: Array(Set(asked.values)))
        var kept: [Write] = []
        for (index, write) in writes.enumerated() {
            if let reference = asked[index], known[reference] == nil {
                report.fail(write.item.line, write.item.key, [ImportSubjects.unknown(reference)])
            } else {
                kept.append(write)
            }
        }
        return kept
    }

    /// The report once the store has answered: `report` with each write's outcome counted
    /// and the failures in line order.
    private static func finished(_ report: ImportChunkReport, _ writes: [Write], _ outcomes: [WriteOutcome]) -> ImportChunkReport {
        var report = report
        for (write, outcome) in zip(writes, outcomes) { count(outcome, of: write.item, into: &report) }
        report.failures.sort { $0.line < $1.line }
        return report
    }

    /// The operation that saves the job's progress with the writes before it, in their transaction.
    private func progressOperation(_ report: ImportChunkReport, after writes: [Write]) -> WriteOperation {
        let progress = self.progress
        return .setMetadataFromOutcomes(key: progressKey) { outcomes in
            try progress(Self.finished(report, writes, outcomes))
        }
    }

    /// Applies the writes and the progress at once; a write the store names as the cause of a refusal
    /// fails and the others are applied again. A refusal that names no write has every write applied on
    /// its own, and the progress after them.
    private func apply(_ writes: [Write], into report: inout ImportChunkReport) async throws {
        var pending = writes
        while true {
            do {
                let outcomes = try await store.apply(pending.map { $0.operation } + [progressOperation(report, after: pending)])
                report = Self.finished(report, pending, outcomes)
                return
            } catch let error as StoreError {
                switch error {
                case .invalid(let index, _):
                    guard pending.indices.contains(index) else { throw error }
                    let write = pending.remove(at: index)
                    report.fail(write.item.line, write.item.key, Self.issues(error, write))
                case .badReference(let index, _), .ambiguous(let index, _, _):
                    // Every write naming the same owner fails the same way: out with all of them at once.
                    guard pending.indices.contains(index) else { throw error }
                    let owner = pending[index].owner
                    let failing = owner == nil ? [index] : Set(pending.indices.filter { pending[$0].owner == owner })
                    for write in failing.sorted().map({ pending[$0] }) {
                        report.fail(write.item.line, write.item.key, Self.issues(error, write))
                    }
                    pending = pending.enumerated().filter { !failing.contains($0.offset) }.map(\.element)
                case .notFound(.users, let id):
                    let (missing, rest) = (pending.filter { $0.owner == .id(id) }, pending.filter { $0.owner != .id(id) })
                    guard !missing.isEmpty else { return try await applyEach(pending, into: &report) }
                    for write in missing { report.fail(write.item.line, write.item.key, Self.issues(error, write)) }
                    pending = rest
                case .unavailable, .fault:
                    throw error
                default:
                    return try await applyEach(pending, into: &report)
                }
            }
        }
    }

    /// Each write in a transaction of its own, then the progress in one more. Only here can a crash
    /// leave some lines of a chunk committed and its progress not: a resumed job finds those lines
    /// stored and counts them as unchanged. It takes a refusal the store could not pin on one write.
    private func applyEach(_ writes: [Write], into report: inout ImportChunkReport) async throws {
        for write in writes {
            do {
                let outcome = try await store.apply([write.operation])
                if let first = outcome.first { Self.count(first, of: write.item, into: &report) }
            } catch let error as StoreError {
                if case .unavailable = error { throw error }
                if case .fault = error { throw error }
                report.fail(write.item.line, write.item.key, Self.issues(error, write))
            }
        }
        report = Self.finished(report, [], [])
        try await store.apply([progressOperation(report, after: [])])
    }

    private static func count(_ outcome: WriteOutcome, of item: ImportItem, into report: inout ImportChunkReport) {
        switch outcome.change {
        case .created: report.counts.count(item.key, \.imported)
        case .updated: report.counts.count(item.key, \.updated)
        default: report.counts.count(item.key, \.unchanged)
        }
    }

    private static func issues(_ error: StoreError, _ write: Write) -> [FHIRIssue] {
        switch (error, write.owner) {
        case (.notFound(.users, let id), _):
            return [.error(.notFound, "Patient/\(id) does not exist", at: "Observation.subject")]
        case (.badReference, .sourceRecord(let reference, _)?):
            return [ImportSubjects.unknown(reference)]
        default:
            return FHIRError(error, resource: write.item.key.resourceType).issues
        }
    }
}
