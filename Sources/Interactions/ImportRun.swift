import FHIRFormat
import FHIRModels
import Foundation
import NativeModel
import Store

/// Runs one import job from where it stands: lines read a chunk at a time, each written in one atomic
/// `apply` while the next chunks are read and mapped, and the job's progress saved after each. Stops
/// between chunks when its task is cancelled or the node shuts down.
///
/// The single writer is the critical path, so it keeps a core of its own: the chunks are mapped by one
/// task fewer than there are cores, two chunks ahead. (On 2 cores, two mappers made the writer share
/// its core with them and the import slower: 17.5–18.0 s against 15.7–17.9 s for 1,013,081 lines.)
struct ImportRun<Store: HealthStore>: Sendable {
    let store: Store
    let chunkSize: Int
    let maximumLineBytes: Int
    let now: @Sendable () -> Instant
    let errorFile: URL
    let onProgress: (@Sendable (ImportJob) -> Void)?
    /// Told what each committed chunk did with its lines (the server's metrics).
    var onChunk: (@Sendable (ImportTally) -> Void)?
    /// Whether the node is shutting down: the run then stops after the chunk it is writing.
    var shouldStop: @Sendable () -> Bool = { false }
    /// Where the mapping runs, as the run itself does (the server's background executor). Without it
    /// the mappers' task, not a child of the run's, would run on the global executor, which in the server
    /// is the event loops: a loop busy mapping answers its PostgreSQL connection's replies, and the
    /// writer waiting for them, only at the mapper's next yield.
    var executor: (any TaskExecutor)?

    func run(_ start: ImportJob) async -> ImportJob {
        var job = start
        do {
            job.status = .running
            try await ImportJobs<Store>.save(job, in: store)
            let errors = try openErrorFile(keeping: job.errorBytes)
            defer { try? errors.close() }
            while job.inputIndex < job.inputs.count {
                let input = job.inputs[job.inputIndex]
                var reader = try NDJSONLineReader(URL(fileURLWithPath: input.path), offset: job.position, linesBefore: job.lines,
                                                  maximumLineBytes: maximumLineBytes)
                defer { reader.close() }
                var ahead: [MappingChunk] = []
                try readAhead(&ahead, from: &reader, serverBase: job.serverBase)
                while !ahead.isEmpty {
                    let next = ahead.removeFirst()
                    let items = await next.mapping.value
                    // The writer is the import's critical path: it writes this chunk while the reader and
                    // the mappers get the next ones ready.
                    // Another node took the job over (this one stalled past its lease) or a client
                    // removed it: this run ends, what it committed stays.
                    guard try await stillClaimed(job) else { return job }
                    let before = job
                    // The chunk's failed lines go to the error file and the job's progress to the store
                    // inside the chunk's own transaction (`ImportChunk`).
                    let chunk = ImportChunk(store: store, progressKey: ImportJobs<Store>.key(job.id)) { report in
                        let lines = Self.errorLines(report.failures, of: input)
                        try Self.write(lines, to: errors, at: before.errorBytes)
                        var saved = Self.advanced(before, by: report, errorBytes: lines.count, to: next.end)
                        saved.heartbeatAt = now()
                        return try ImportJobs<Store>.metadataValue(saved)
                    }
                    async let written = chunk.write(items, serverBase: before.serverBase)
                    try readAhead(&ahead, from: &reader, serverBase: job.serverBase)
                    let report = try await written
                    // The committed transaction's error lines end where the file's position is now.
                    job = Self.advanced(before, by: report, errorBytes: Int(try errors.offset() - UInt64(before.errorBytes)),
                                        to: next.end)
                    job.heartbeatAt = now()
                    onChunk?(report.counts.total)
                    onProgress?(job)
                    if Task.isCancelled || shouldStop() { return job }
                }
                job.inputIndex += 1
                job.linesBefore += job.lines
                (job.position, job.lines) = (0, 0)
            }
            job.status = .completed
        } catch {
            job.status = .failed
            let place = job.inputs.indices.contains(job.inputIndex) ? job.inputs[job.inputIndex].name.map { "\($0) " } ?? "" : ""
            job.message = "Stopped after \(place)line \(job.lines): \(Self.reason(error))"
        }
        job.finishedAt = now()
        try? await ImportJobs<Store>.save(job, in: store)
        if job.status == .completed {
            for input in job.inputs where input.owned { try? FileManager.default.removeItem(atPath: input.path) }
        }
        onProgress?(job)
        return job
    }

    /// Why a job stopped, as its status tells the client: the store's own words stay out of it.
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as StoreError: return FHIRError(error, resource: "the import").description
        case let error as FHIRError: return error.description
        case is CocoaError: return "its input file could not be read"
        default: return "the server failed to go on with it"
        }
    }

    /// A chunk of lines being mapped, and where it ends in its file.
    private struct MappingChunk {
        var mapping: Task<[ImportItem], Never>
        var end: (offset: Int64, line: Int)
    }

    /// How many chunks are read and mapped ahead of the one being written: two keep the mappers busy
    /// through a whole write. Each costs a chunk of memory.
    static var lookahead: Int { 2 }

    /// How many tasks map a chunk: one core fewer than there are, since the writer needs one of its own.
    static var mappers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount - 1) }

    /// Reads chunks and starts mapping them until `lookahead` are on their way or the file ends.
    private func readAhead(_ ahead: inout [MappingChunk], from reader: inout NDJSONLineReader, serverBase: String?) throws {
        while ahead.count < Self.lookahead {
            let lines = try reader.next(chunkSize)
            guard !lines.isEmpty else { return }
            ahead.append(MappingChunk(mapping: map(lines, serverBase: serverBase), end: (reader.offset, reader.lineNumber)))
        }
    }

    /// The lines read and mapped by `mappers` tasks, in a task of their own.
    private func map(_ lines: [ImportLine], serverBase: String?) -> Task<[ImportItem], Never> {
        let now = now()
        return Task(executorPreference: executor) {
            let parts = max(1, min(Self.mappers, lines.count / 64))
            let size = (lines.count + parts - 1) / max(parts, 1)
            return await withTaskGroup(of: (Int, [ImportItem]).self) { group in
                for part in 0..<parts {
                    let slice = lines[min(part * size, lines.count)..<min((part + 1) * size, lines.count)]
                    group.addTask {
                        var items: [ImportItem] = []
                        items.reserveCapacity(slice.count)
                        for line in slice {
                            items.append(ImportItem(line, serverBase: serverBase, now: now))
                            // Let the writer's continuations in: mapping alone would hold both threads.
                            if items.count % 128 == 0 { await Task.yield() }
                        }
                        return (part, items)
                    }
                }
                var results = [[ImportItem]](repeating: [], count: parts)
                for await (part, items) in group { results[part] = items }
                return results.flatMap { $0 }
            }
        }
    }

    /// The error file, cut back to what the committed chunks wrote.
    private func openErrorFile(keeping length: Int64) throws -> FileHandle {
        try FileManager.default.createDirectory(at: errorFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: errorFile.path) {
            _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: errorFile)
        try handle.truncate(atOffset: UInt64(length))
        try handle.seekToEnd()
        return handle
    }

    /// Whether the job as saved is still this run's: not removed, not claimed by another node since.
    private func stillClaimed(_ job: ImportJob) async throws -> Bool {
        guard let text = try await store.metadata(ImportJobs<Store>.key(job.id)) else { return false }
        return (try? JSONDecoder().decode(ImportJob.self, from: Data(text.utf8)))?.claim == job.claim
    }

    /// The job after a chunk: its counts added, its failed lines' bytes in the error file, its position
    /// at the chunk's end.
    static func advanced(_ job: ImportJob, by report: ImportChunkReport, errorBytes: Int, to end: (offset: Int64, line: Int))
        -> ImportJob
    {
        var job = job
        job.errorBytes += Int64(errorBytes)
        job.counts.add(report.counts)
        (job.position, job.lines) = end
        return job
    }

    /// One OperationOutcome per failed line, its issues located by `Line[n]`, as NDJSON.
    static func errorLines(_ failures: [(line: Int, issues: [FHIRIssue])], of input: ImportInput) -> [UInt8] {
        var bytes: [UInt8] = []
        for failure in failures {
            let place = input.entries ? "\(input.name ?? "Bundle") Bundle.entry[\(failure.line - 1)]"
                : input.name.map { "\($0) line \(failure.line)" } ?? "Line \(failure.line)"
            bytes += FHIRJSON.encode(outcome(line: failure.line, place: place, failure.issues))
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Writes `bytes` at `offset` of the error file and cuts it there: the same chunk written again
    /// (its transaction retried) leaves the file as one write would.
    private static func write(_ bytes: [UInt8], to handle: FileHandle, at offset: Int64) throws {
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: bytes)
        try handle.truncate(atOffset: UInt64(offset) + UInt64(bytes.count))
    }

    static func outcome(line: Int, place: String, _ issues: [FHIRIssue]) -> OperationOutcome {
        var outcome = OperationOutcomes.outcome(issues.map { issue in
            var located = issue
            located.diagnostics = "\(place): \(issue.diagnostics)"
            return located
        })
        for index in outcome.issue.indices { outcome.issue[index].location = [FHIRString("Line[\(line)]")] }
        return outcome
    }
}
