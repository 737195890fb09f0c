import ArgumentParser
import Foundation
import GatewayServer
@testable import health_gateway
import HummingbirdTesting
import Interactions
import NativeModel
import StoreSQLite
import Testing

/// `health-gateway import`: files and folders into a database, the summary line, the report, the exit
/// code, and the progress bar a terminal sees.
@Suite struct ImportCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func temporary(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("cli-import-\(UUID().uuidString)-\(name)")
    }

    @Test func aFolderAndABundleImportOnceAndTheSecondTimeChangeNothing() throws {
        let database = Self.temporary("db.sqlite")
        defer {
            try? FileManager.default.removeItem(at: database)
            try? FileManager.default.removeItem(atPath: database.path + "-wal")
            try? FileManager.default.removeItem(atPath: database.path + "-shm")
            try? FileManager.default.removeItem(atPath: database.path + ".imports")
        }
        let arguments = ["import", Self.root.appendingPathComponent("Samples/ndjson").path,
                         Self.root.appendingPathComponent("Samples/fhir/transaction-ehr.json").path, "--database", database.path]
        let first = try CommandLineTests.run(arguments)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.hasPrefix("read "))
        #expect(first.output.contains("from 4 files"))
        #expect(first.output.contains(" 0 failed"))
        #expect(!first.output.contains(" 0 imported"))
        #expect(!first.output.contains("\u{1B}["), "no progress bar when standard error is not a terminal")
        let second = try CommandLineTests.run(arguments)
        #expect(second.status == 0)
        #expect(second.output.contains(" 0 imported, 0 updated,"), "\(second.output)")
    }

    /// `--url`: the same files through a running gateway's `$import`.
    @Test func withURLTheFilesGoThroughARunningGateway() async throws {
        let store = try SQLiteStore.inMemory()
        let application = buildApplication(GatewayConfiguration(port: 0, samplesPath: nil), store: store)
        try await application.test(.live) { client in
            let port = try #require(client.port)
            let arguments = ["import", Self.root.appendingPathComponent("Samples/ndjson").path,
                             "--url", "http://127.0.0.1:\(port)/fhir"]
            let first = try await Self.runOffThePool(arguments)
            #expect(first.status == 0, "\(first.output)")
            #expect(first.output.contains(" 0 failed") && !first.output.contains(" 0 imported"), "\(first.output)")
            #expect(try await store.rowCounts()[.users] == 3)
            let second = try await Self.runOffThePool(arguments)
            #expect(second.output.contains(" 0 imported, 0 updated,"), "\(second.output)")
        }
    }

    /// Runs the executable on a thread of its own: waiting for it must not hold one of the threads the
    /// server under test needs.
    static func runOffThePool(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try CommandLineTests.run(arguments) })
            }
        }
    }

    @Test func failedLinesGoToTheReportAndTheExitCodeSaysSo() throws {
        let database = Self.temporary("db.sqlite")
        let input = Self.temporary("bad.ndjson")
        let report = Self.temporary("report.ndjson")
        defer {
            for url in [database, input, report] { try? FileManager.default.removeItem(at: url) }
            try? FileManager.default.removeItem(atPath: database.path + ".imports")
        }
        try "{\"resourceType\":\"Patient\"}\nnot json\n".write(to: input, atomically: true, encoding: .utf8)
        let result = try CommandLineTests.run(["import", input.path, "--database", database.path, "--report", report.path])
        #expect(result.status == 1)
        #expect(result.output.contains("2 failed (report: \(report.path))"))
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[1].contains("bad.ndjson line 2"))
    }

    @Test func pathsThatAreNotImportableAreRefused() throws {
        #expect(throws: ImportFiles.Problem.self) { try ImportFiles(["/nonexistent/file.ndjson"]) }
        #expect(throws: ImportFiles.Problem.self) { try ImportFiles([Self.root.appendingPathComponent("Package.swift").path]) }
        #expect(throws: (any Error).self) { try ImportCommand.parse(["x.ndjson", "--url", "ftp://host/fhir"]) }
        #expect(throws: (any Error).self) { try ImportCommand.parse(["x.ndjson", "--chunk-size", "0"]) }
    }

    @Test func folderFilesComePatientsFirst() throws {
        let files = try ImportFiles([Self.root.appendingPathComponent("Samples/ndjson").path])
        #expect(files.ndjson.map(\.lastPathComponent) == ["Patient.ndjson", "Encounter.ndjson", "Observation.ndjson"])
        #expect(files.bundles.isEmpty)
    }

    @Test func theProgressBarShowsShareResourcesRateAndTimeLeft() {
        let bar = ImportProgressBar(width: 10)
        #expect(bar.line(bytesDone: 250, bytesTotal: 1_000, resources: 12_345, seconds: 2)
            == "[##--------] 25%  12,345 resources  6,173/s  ETA 0:06")
        #expect(bar.line(bytesDone: 1_000, bytesTotal: 1_000, resources: 1_000_000, seconds: 3_725)
            == "[##########] 100%  1,000,000 resources  268/s  ETA 0:00")
        #expect(ImportProgressBar.clock(3_725) == "1:02:05")
    }

    @Test func theSummaryLineCountsEveryOutcome() {
        var tally = ImportTally()
        tally.imported = 1_000
        tally.unchanged = 5
        tally.skipped = 20
        tally.failed = 2
        #expect(ImportDisplay.summary(tally, files: 1, seconds: 0.5, report: "r.ndjson")
            == "read 1,027 resources from 1 file in 0.5 s (2,054/s): 1,000 imported, 0 updated, 5 unchanged, 20 skipped, "
            + "2 failed (report: r.ndjson)")
    }
}
