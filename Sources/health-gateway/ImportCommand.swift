import ArgumentParser
import Foundation
import GatewayServer
import Interactions
import Store

/// `health-gateway import PATH…`: NDJSON and Bundle files into the database, or into a running gateway.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import FHIR NDJSON (.ndjson, .ndjson.gz) and Bundle (.json, .xml) files, or folders of them.",
        discussion: """
            Without --url the files go straight into the database (the server need not run); with --url, to \
            a running gateway ($import for NDJSON, POST for Bundles). Patients are matched by identifier and \
            Observations by identifier, or by patient, code, time and value: importing the same files again \
            changes nothing. A live progress bar is drawn on a terminal; otherwise one summary line is printed. \
            Lines and entries that fail are written to the report; the exit code is 1 when any failed.
            """
    )

    @Argument(help: ArgumentHelp("Files or folders to import.", valueName: "path"))
    var paths: [String]

    @OptionGroup var database: DatabaseOption

    @Option(help: ArgumentHelp("The FHIR base URL of a running gateway (http://localhost:8080/fhir).", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("Where to write the OperationOutcome of every failed line or entry (NDJSON).",
                               valueName: "path"))
    var report = "import-report.ndjson"

    @Option(help: "Lines per atomic write (default: 2,000 into SQLite, 10,000 into PostgreSQL).")
    var chunkSize: Int?

    func validate() throws {
        if let chunkSize, chunkSize <= 0 { throw ValidationError("--chunk-size must be positive") }
        if let url, URL(string: url)?.scheme?.hasPrefix("http") != true {
            throw ValidationError("--url '\(url)' is not an http(s) URL")
        }
    }

    func run() async throws {
        let files: ImportFiles
        do { files = try ImportFiles(paths) } catch let problem as ImportFiles.Problem { throw ValidationError(problem.description) }
        let display = ImportDisplay(terminal: isatty(STDERR_FILENO) != 0)
        let summary: ImportSummary
        if let url, let base = URL(string: url) {
            summary = try await RemoteImport(base: base).run(files) { display.show($0) }
        } else {
            let opened = try database.open()
            let folder = opened.filesFolder ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("health-gateway-import-\(UUID().uuidString)", isDirectory: true)
            let chunkSize = self.chunkSize ?? opened.importChunkSize
            summary = try await opened.using { store in
                try await Self.importFiles(files, into: store, folder: folder, chunkSize: chunkSize) { display.show($0) }
            }
        }
        display.end()
        if !summary.failures.isEmpty {
            try Data((summary.failures.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: report))
        }
        print(display.summary(summary, files: files.ndjson.count + files.bundles.count,
                              report: summary.failures.isEmpty ? nil : report))
        if summary.counts.total.failed > 0 { throw ExitCode(1) }
    }

    private static func importFiles(_ files: ImportFiles, into store: some HealthStore, folder: URL, chunkSize: Int,
                                    progress: @escaping @Sendable (ImportProgress) -> Void) async throws -> ImportSummary {
        try await FileImport(store: store, folder: folder, chunkSize: chunkSize)
            .run(ndjson: files.ndjson, bundles: files.bundles, progress: progress)
    }
}
