import FHIRFormat
import FHIRModels
public import Foundation
import Interactions
public import Store

/// The files `health-gateway import` writes straight into a store, as one import job (so an Observation
/// file may refer to the Patients of the file before it): NDJSON (`.ndjson`, `.ndjson.gz`), then the
/// entries of each Bundle file (FHIR JSON or XML), with the same matching, so re-importing changes nothing.
public struct FileImport<Store: HealthStore>: Sendable {
    public let store: Store
    /// Where the job keeps decompressed inputs and its error file.
    public let folder: URL
    public let chunkSize: Int

    public init(store: Store, folder: URL, chunkSize: Int = 2_000) {
        self.store = store
        self.folder = folder
        self.chunkSize = chunkSize
    }

    /// Imports the files as one job: the NDJSON files, then each Bundle's entries.
    public func run(ndjson: [URL], bundles: [URL], progress: @escaping @Sendable (ImportProgress) -> Void) async throws
        -> ImportSummary
    {
        var inputs: [ImportInput] = []
        for file in ndjson { inputs.append(try input(file)) }
        for file in bundles { inputs.append(try bundleInput(file)) }
        let jobs = ImportJobs(store: store, folder: folder, chunkSize: chunkSize, onProgress: { job in
            progress(ImportProgress(bytesDone: job.bytesDone, bytesTotal: job.inputBytes, resources: job.linesDone))
        })
        let (id, _) = try await jobs.newInput()
        _ = try await jobs.start(id: id, inputs: inputs, request: "health-gateway import", serverBase: nil)
        guard let job = try await jobs.wait(id) else { throw FHIRError(.fault, "The import job vanished") }
        if job.status == .failed { throw FHIRError(.fault, job.message ?? "The import failed") }
        var summary = ImportSummary()
        summary.counts = job.counts
        summary.failures = try String(contentsOf: jobs.errorFile(id), encoding: .utf8).split(separator: "\n").map(String.init)
        _ = try await jobs.remove(id)
        return summary
    }

    /// A Bundle file (FHIR JSON or XML) as a job input: its entries as lines.
    private func bundleInput(_ file: URL) throws -> ImportInput {
        let lines = try ImportBundleLines.lines(ofFile: try Data(contentsOf: file), named: file.lastPathComponent)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("\(UUID().uuidString.lowercased())-\(file.lastPathComponent).ndjson")
        let text = lines.flatMap { $0 + [UInt8(ascii: "\n")] }
        try Data(text).write(to: path)
        return ImportInput(path: path.path, bytes: Int64(text.count), owned: true, name: file.lastPathComponent, entries: true)
    }

    /// An NDJSON file as a job input; a `.gz` one decompressed into the folder first.
    private func input(_ file: URL) throws -> ImportInput {
        guard file.pathExtension.lowercased() == "gz" else {
            return ImportInput(path: file.path, bytes: try Self.size(file), owned: false, name: file.lastPathComponent)
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let plain = folder.appendingPathComponent("\(UUID().uuidString.lowercased())-\(file.deletingPathExtension().lastPathComponent)")
        guard FileManager.default.createFile(atPath: plain.path, contents: nil) else {
            throw FHIRError(.fault, "Cannot write \(plain.path)")
        }
        let writer = try FileHandle(forWritingTo: plain)
        defer { try? writer.close() }
        do {
            let bytes = try GzipInflater.decompress(file, appendingTo: writer)
            return ImportInput(path: plain.path, bytes: bytes, owned: true, name: file.lastPathComponent)
        } catch let failure as GzipInflater.Failure {
            try? FileManager.default.removeItem(at: plain)
            throw FHIRError(.invalid, "\(file.lastPathComponent): \(failure.description)")
        }
    }
    private static func size(_ file: URL) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
    }
}
