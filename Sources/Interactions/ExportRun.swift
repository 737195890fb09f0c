import FHIRFormat
import FHIRModels
import Foundation
import Mapping
import NativeModel
import Store

/// One run of an export job: opens a snapshot of the store (`HealthStore.snapshot`), whose moment is
/// the job's `transactionTime`, and walks each type's searches through it a page at a time, writing
/// NDJSON files, reading ahead while earlier pages are encoded. The job is saved with its progress
/// about once a second; a save that finds the job gone or claimed by another node stops the run.
struct ExportRun<Store: HealthStore>: Sendable {
    let store: Store
    /// The job's own folder; emptied when the run starts.
    let folder: URL
    let linesPerFile: Int
    let pageSize: Int
    let now: @Sendable () -> Instant
    /// Saves the job; false when the job is no longer this run's (cancelled, or taken over).
    let save: @Sendable (ExportJob) async throws -> Bool

    /// A run that may not go on: its job was cancelled or taken over.
    struct Stopped: Error {}

    /// Runs the job to its end; the job as it ended (completed, failed) or stopped.
    func run(_ job: ExportJob) async -> ExportJob {
        var job = job
        do {
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let interactions = FHIRInteractions(store: store, serverBase: job.serverBase, access: job.access, now: now)
            let plans = try job.request.types.map { type in (type, try interactions.exportSearches(type, request: job.request)) }
            if !job.request.warnings.isEmpty { try writeWarnings(job.request.warnings) }
            job = try await store.snapshot { [job] view, moment in
                var job = job
                job.status = .running
                job.transactionTime = moment
                (job.outputs, job.resources) = ([], 0)
                guard try await save(job) else { throw Stopped() }
                for (type, searches) in plans {
                    job.currentType = type
                    let filters = job.request.typeFilters[type]?.count ?? 0
                    let outputs = try await export(type, searches, deduplicating: filters > 1, from: view, job: &job)
                    job.outputs += outputs
                }
                job.currentType = nil
                return job
            }
            job.status = .completed
            job.finishedAt = now()
            _ = try await save(job)
        } catch is Stopped {
            return job
        } catch is CancellationError {
            return job
        } catch {
            job.status = .failed
            job.message = Self.reason(error)
            job.finishedAt = now()
            _ = try? await save(job)
        }
        return job
    }

    /// Writes one type's files. With several `_typeFilter`s on the type (`deduplicating`), a resource
    /// two of them match is written once: the ids written are kept while the type is written.
    ///
    /// Pages are read one after the other (each starts where the last ended), and each is mapped and
    /// encoded by a task of its own as soon as it is read, up to `pagesInFlight` at once: the database,
    /// the encoding of two pages and the writing keep both cores busy, and memory holds a few pages.
    private func export(_ type: String, _ searches: [ExportSearch], deduplicating: Bool, from view: any HealthStore,
                        job: inout ExportJob) async throws -> [ExportOutput]
    {
        var writer = ExportFileWriter(folder: folder, type: type, linesPerFile: linesPerFile)
        var seen: Set<String>? = deduplicating ? [] : nil
        var lastSave = ContinuousClock.now
        var pending: [Task<EncodedPage, Never>] = []
        defer { pending.forEach { $0.cancel() } }
        for search in searches {
            var position: SearchPosition?
            var more = true
            while more || !pending.isEmpty {
                while more, pending.count < Self.pagesInFlight {
                    let page = try await Self.rows(search, after: position, from: view, limit: pageSize)
                    (position, more) = (page.last, page.last != nil)
                    pending.append(Task { Self.encoded(page) })
                }
                let page = await pending.removeFirst().value
                for (index, line) in page.lines.enumerated() {
                    if seen != nil, seen?.insert(page.ids[index]).inserted == false { continue }
                    try writer.append(line)
                    job.resources += 1
                }
                try Task.checkCancellation()
                if ContinuousClock.now - lastSave > .seconds(1) {
                    lastSave = ContinuousClock.now
                    job.heartbeatAt = now()
                    guard try await save(job) else { throw Stopped() }
                }
            }
        }
        return try writer.finish()
    }

    /// Why a job failed, for its status answer: a FHIR error as it says, a store's failure in the fixed
    /// words clients get for it, anything else (the export folder) without its internals.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as FHIRError: return error.description
        case let error as StoreError: return FHIRError(error, resource: "export").description
        default: return "The export's files could not be written in the export folder"
        }
    }

    /// Pages read ahead and being encoded at once.
    static var pagesInFlight: Int { 3 }

    /// One page of a search's rows as the store answered it; `last` is where the next page starts, nil
    /// after the last page.
    struct RowPage: Sendable {
        enum Rows: Sendable {
            case users([StoredUser])
            case measurements([MeasurementHit])
        }

        var rows: Rows
        var last: SearchPosition?
    }

    /// A page's resources as NDJSON lines, with their ids.
    struct EncodedPage: Sendable {
        var lines: [[UInt8]] = []
        var ids: [String] = []
    }

    private static func rows(_ search: ExportSearch, after position: SearchPosition?, from view: any HealthStore,
                             limit: Int) async throws -> RowPage {
        let request = SearchPageRequest(limit: limit, position: position)
        switch search {
        case .users(let search):
            let page = try await view.searchUsers(search, page: request)
            return RowPage(rows: .users(page.hits.map(\.item)), last: page.hasMore ? page.hits.last?.position : nil)
        case .measurements(let search):
            let page = try await view.searchMeasurements(search, page: request)
            return RowPage(rows: .measurements(page.hits.map(\.item)), last: page.hasMore ? page.hits.last?.position : nil)
        }
    }

    /// Maps a page's rows to resources and encodes each as FHIR JSON.
    private static func encoded(_ page: RowPage) -> EncodedPage {
        var encoded = EncodedPage()
        switch page.rows {
        case .users(let users):
            encoded.lines.reserveCapacity(users.count)
            for user in users {
                encoded.lines.append(FHIRJSON.encode(PatientMapping.patient(user)))
                encoded.ids.append(String(user.id))
            }
        case .measurements(let hits):
            encoded.lines.reserveCapacity(hits.count)
            for hit in hits {
                guard let (id, json) = ObservationJSON.encode(hit) else { continue }
                encoded.lines.append(json)
                encoded.ids.append(id)
            }
        }
        return encoded
    }

    /// The warnings of lenient handling, as one OperationOutcome in `OperationOutcome-1.ndjson`.
    private func writeWarnings(_ warnings: [String]) throws {
        let outcome = OperationOutcomes.outcome(warnings.map { FHIRIssue(.warning, .notSupported, $0) })
        var writer = ExportFileWriter(folder: folder, type: "OperationOutcome", linesPerFile: linesPerFile)
        try writer.append(FHIRJSON.encode(.operationOutcome(outcome)))
        _ = try writer.finish()
    }
}
