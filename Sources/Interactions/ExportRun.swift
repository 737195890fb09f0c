import FHIRFormat
import FHIRModels
import Foundation
import Mapping
import NativeModel
import Store

/// One run of an export job: opens a snapshot of the store (`HealthStore.snapshot`), whose moment is
/// the job's `transactionTime`, and walks each type's searches through it a page at a time, writing
/// NDJSON files. The next page is read while the current one is mapped and written, so the database
/// and the encoding each keep a core busy. The job is saved with its progress about once a second;
/// a save that finds the job gone or claimed by another node stops the run.
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
            job.message = (error as? FHIRError)?.description ?? "The export could not be written: \(error)"
            job.finishedAt = now()
            _ = try? await save(job)
        }
        return job
    }

    /// Writes one type's files. With several `_typeFilter`s on the type (`deduplicating`), a resource
    /// two of them match is written once: the ids written are kept while the type is written.
    private func export(_ type: String, _ searches: [ExportSearch], deduplicating: Bool, from view: any HealthStore,
                        job: inout ExportJob) async throws -> [ExportOutput]
    {
        var writer = ExportFileWriter(folder: folder, type: type, linesPerFile: linesPerFile)
        var seen: Set<String>? = deduplicating ? [] : nil
        var lastSave = ContinuousClock.now
        for search in searches {
            var next: Task<ExportPage, any Error>? = Task { try await Self.page(search, after: nil, from: view, limit: pageSize) }
            while let pending = next {
                let page = try await pending.value
                next = page.last.map { last in
                    Task { try await Self.page(search, after: last, from: view, limit: pageSize) }
                }
                do {
                    for (id, resource) in page.resources {
                        if seen != nil, seen?.insert(id).inserted == false { continue }
                        try writer.append(FHIRJSON.encode(resource))
                        job.resources += 1
                    }
                    try Task.checkCancellation()
                    if ContinuousClock.now - lastSave > .seconds(1) {
                        lastSave = ContinuousClock.now
                        job.heartbeatAt = now()
                        guard try await save(job) else { throw Stopped() }
                    }
                } catch {
                    next?.cancel()
                    throw error
                }
            }
        }
        return try writer.finish()
    }

    /// One page of a search's resources, each with its id; `last` is where the next page starts, nil
    /// after the last page.
    struct ExportPage: Sendable {
        var resources: [(id: String, resource: AnyResource)]
        var last: SearchPosition?
    }

    private static func page(_ search: ExportSearch, after position: SearchPosition?, from view: any HealthStore,
                             limit: Int) async throws -> ExportPage {
        let request = SearchPageRequest(limit: limit, position: position)
        switch search {
        case .users(let search):
            let page = try await view.searchUsers(search, page: request)
            return ExportPage(resources: page.hits.map { hit in (String(hit.item.id), .patient(PatientMapping.patient(hit.item))) },
                              last: page.hasMore ? page.hits.last?.position : nil)
        case .measurements(let search):
            let page = try await view.searchMeasurements(search, page: request)
            let resources: [(id: String, resource: AnyResource)] = page.hits.compactMap { hit in
                guard let observation = FHIRInteractions<Store>.observation(hit.item), let id = observation.id?.value else {
                    return nil
                }
                return (id, .observation(observation))
            }
            return ExportPage(resources: resources, last: page.hasMore ? page.hits.last?.position : nil)
        }
    }

    /// The warnings of lenient handling, as one OperationOutcome in `OperationOutcome-1.ndjson`.
    private func writeWarnings(_ warnings: [String]) throws {
        let outcome = OperationOutcomes.outcome(warnings.map { FHIRIssue(.warning, .notSupported, $0) })
        var writer = ExportFileWriter(folder: folder, type: "OperationOutcome", linesPerFile: linesPerFile)
        try writer.append(FHIRJSON.encode(.operationOutcome(outcome)))
        _ = try writer.finish()
    }
}
