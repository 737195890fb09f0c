import FHIRTestSupport
import Foundation
import Interactions
import NativeModel
import Store
import StoreSQLite
import Testing

/// The NDJSON import engine without HTTP: counts, per-line errors, idempotent re-import, chunks,
/// resume after a restart, cancel, and concurrent imports of the same data.
@Suite struct ImportJobTests {
    static let samples = FHIRSchema.repository.appendingPathComponent("Samples/ndjson")

    /// The sample export as one NDJSON file, Patients first.
    static func sampleFile(in folder: URL) throws -> URL {
        let file = folder.appendingPathComponent("export.ndjson")
        var bytes = Data()
        for name in ["Patient", "Observation", "Encounter"] {
            bytes += try Data(contentsOf: samples.appendingPathComponent("\(name).ndjson"))
        }
        try bytes.write(to: file)
        return file
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func run(_ file: URL, on store: SQLiteStore, folder: URL, chunkSize: Int = 2_000) async throws -> ImportJob {
        let jobs = ImportJobs(store: store, folder: folder, chunkSize: chunkSize)
        let (id, _) = try await jobs.newInput()
        let bytes = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber).int64Value
        _ = try await jobs.start(id: id, inputs: [ImportInput(path: file.path, bytes: bytes, owned: false)],
                                 request: "test", serverBase: nil)
        return try #require(try await jobs.wait(id))
    }

    /// Imports `lines` (NDJSON) into a new in-memory store: the finished job, its error file's lines and the store.
    static func importing(_ lines: [String]) async throws -> (job: ImportJob, errors: [String], store: SQLiteStore) {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let file = folder.appendingPathComponent("lines.ndjson")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let job = try await Self.run(file, on: store, folder: folder)
        return (job, try Self.lines(ImportJobs(store: store, folder: folder).errorFile(job.id)), store)
    }

    static func lines(_ file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func theSampleExportImportsWithUnmappedResourcesSkipped() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let file = try Self.sampleFile(in: folder)
        let job = try await Self.run(file, on: store, folder: folder, chunkSize: 50)
        #expect(job.status == .completed)
        let patients = try Self.lines(Self.samples.appendingPathComponent("Patient.ndjson")).count
        #expect(job.counts.total(of: "Patient").imported == patients)
        #expect(job.counts.total(of: "Encounter").skipped == patients)
        #expect(job.counts.total.failed == 0)
        let temperature = job.counts.tallies[ImportCountKey("Observation", code: "http://loinc.org|8310-5")]
        #expect((temperature?.skipped ?? 0) > 0, "body temperature is not a code the gateway maps")
        #expect(job.counts.total(of: "Observation").imported > 50)
        #expect(job.linesDone == (try Self.lines(file).count))
        let counts = try await store.rowCounts()
        #expect(counts[.users] == patients)
        let rows = NativeTable.measurementTables.reduce(0) { $0 + (counts[$1] ?? 0) }
        let observations = job.counts.total(of: "Observation")
        #expect(rows == observations.imported, "one row per imported Observation")
    }

    @Test func importingTheSameDataTwiceChangesNothingTheSecondTime() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let file = try Self.sampleFile(in: folder)
        let first = try await Self.run(file, on: store, folder: folder)
        let counts = try await store.rowCounts()
        let history = try await store.changes(ChangeQuery(tables: [.users] + NativeTable.measurementTables, limit: 1_000)).items.count
        let second = try await Self.run(file, on: store, folder: folder, chunkSize: 7)
        #expect(second.counts.total.imported == 0)
        #expect(second.counts.total.updated == 0)
        #expect(second.counts.total.unchanged == first.counts.total.imported + first.counts.total.unchanged)
        #expect(try await store.rowCounts() == counts)
        let after = try await store.changes(ChangeQuery(tables: [.users] + NativeTable.measurementTables, limit: 1_000)).items.count
        #expect(after == history, "no new versions")
    }

    @Test func aChangedValueWithAnIdentifierUpdatesTheRowItMatches() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let patient = #"{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:mrn","value":"A1"}],"gender":"male"}"#
        func lab(_ value: Int) -> String {
            #"{"resourceType":"Observation","identifier":[{"system":"urn:lab","value":"L-1"}],"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2339-0"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":\#(value),"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}"#
        }
        let file = folder.appendingPathComponent("lab.ndjson")
        try (patient + "\n" + lab(92) + "\n").write(to: file, atomically: true, encoding: .utf8)
        _ = try await Self.run(file, on: store, folder: folder)
        try (patient + "\n" + lab(97) + "\n").write(to: file, atomically: true, encoding: .utf8)
        let second = try await Self.run(file, on: store, folder: folder)
        #expect(second.counts.total(of: "Observation").updated == 1)
        #expect(second.counts.total(of: "Patient").unchanged == 1)
        #expect(try await store.rowCounts()[.bloodTests] == 1)
    }

    /// Lines naming a Patient nobody has met fail together, whatever their number, and the others go in.
    @Test func manyLinesNamingUnknownPatientsFailWithoutHoldingUpTheRest() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        func heartRate(_ minute: Int, subject: String) -> String {
            #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"\#(subject)"},"effectiveDateTime":"2026-11-03T08:\#(String(format: "%02d", minute % 60)):00+01:00","valueQuantity":{"value":\#(60 + minute % 30),"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"#
        }
        var lines = [#"{"resourceType":"Patient","id":"known","identifier":[{"system":"urn:mrn","value":"K1"}]}"#]
        for index in 0..<600 {
            switch index % 3 {
            case 0: lines.append(heartRate(index, subject: "Patient/unknown-\(index % 7)"))
            case 1: lines.append(heartRate(index, subject: "Patient?identifier=urn:mrn|nobody-\(index % 5)"))
            default: lines.append(heartRate(index, subject: "Patient/known"))
            }
        }
        let file = folder.appendingPathComponent("unknown.ndjson")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let job = try await Self.run(file, on: store, folder: folder)
        #expect(job.status == .completed)
        #expect(job.counts.total.failed == 400)
        #expect(job.counts.total(of: "Observation").imported + job.counts.total(of: "Observation").unchanged == 200)
        let errors = try Self.lines(ImportJobs(store: store, folder: folder).errorFile(job.id))
        #expect(errors.count == 400)
        #expect(errors.filter { $0.contains("is neither a Patient earlier in this import") }.count == 200)
        #expect(errors.filter { $0.contains("no user has the identifier urn:mrn|nobody-") }.count == 200)
    }

    @Test func aBadLineFailsAloneWithItsLineNumber() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let patient = #"{"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:mrn","value":"A1"}],"gender":"male"}"#
        func heartRate(_ value: Int, subject: String = "Patient/p1") -> String {
            #"{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"\#(subject)"},"effectiveDateTime":"2026-11-03T08:00:00+01:00","valueQuantity":{"value":\#(value),"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}"#
        }
        let lines = [
            patient,                                        // 1
            "{not json",                                    // 2
            heartRate(61),                                  // 3
            heartRate(6_000),                               // 4: impossible
            heartRate(62, subject: "Patient/nobody"),       // 5: unknown subject
            heartRate(63, subject: "Patient/999"),          // 6: no such gateway patient
            "",                                             // 7: blank
            #"{"resourceType":"Patient","gender":"female"}"#, // 8: neither id nor identifier
            heartRate(64),                                  // 9
        ]
        let file = folder.appendingPathComponent("mixed.ndjson")
        try lines.joined(separator: "\r\n").write(to: file, atomically: true, encoding: .utf8)
        let job = try await Self.run(file, on: store, folder: folder, chunkSize: 4)
        #expect(job.status == .completed)
        #expect(job.counts.total.failed == 5)
        #expect(job.counts.total(of: "Observation").imported == 2)
        #expect(job.linesDone == 9)
        let errors = try Self.lines(ImportJobs(store: store, folder: folder).errorFile(job.id))
        #expect(errors.count == 5)
        let expected: [(line: Int, expression: String?, text: String)] = [
            (2, nil, "not valid JSON"), (4, "Observation.valueQuantity.value", "plausible range"),
            (5, "Observation.subject.reference", "neither a Patient earlier in this import"),
            (6, "Observation.subject", "Patient/999 does not exist"), (8, "Patient.identifier", "needs an id or a record number"),
        ]
        for (error, expectation) in zip(errors, expected) {
            let outcome = try #require(try JSONSerialization.jsonObject(with: Data(error.utf8)) as? [String: Any])
            let issue = try #require((outcome["issue"] as? [[String: Any]])?.first)
            #expect(issue["location"] as? [String] == ["Line[\(expectation.line)]"])
            #expect((issue["expression"] as? [String])?.first == expectation.expression, "line \(expectation.line)")
            let diagnostics = issue["diagnostics"] as? String ?? ""
            #expect(diagnostics.hasPrefix("Line \(expectation.line): ") && diagnostics.contains(expectation.text), "\(diagnostics)")
        }
        try await #expect(store.rowCounts()[.vitalSigns] == 2)
        try await #expect(store.rowCounts()[.users] == 1)
    }

    @Test func anInterruptedJobResumesAfterItsLastChunkAndStillKnowsItsPatients() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try Self.sampleFile(in: folder)
        let all = try Self.lines(file)
        let patients = try Self.lines(Self.samples.appendingPathComponent("Patient.ndjson")).count
        let cut = patients + 20  // the Patients and a few Observations were committed before the stop
        let head = folder.appendingPathComponent("head.ndjson")
        try (all.prefix(cut).joined(separator: "\n") + "\n").write(to: head, atomically: true, encoding: .utf8)
        let store = try SQLiteStore.inMemory()
        _ = try await Self.run(head, on: store, folder: folder)
        // The job as a stop left it: running, committed up to line `cut`.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber).int64Value
        var stopped = ImportJob(id: "stopped", request: "test", serverBase: nil,
                                inputs: [ImportInput(path: file.path, bytes: size, owned: false)], submittedAt: TestGateway.now)
        stopped.status = .running
        stopped.position = Int64(all.prefix(cut).reduce(0) { $0 + $1.utf8.count + 1 })
        stopped.lines = cut
        try await store.apply([.setMetadata(key: "import-job/stopped",
                                            value: String(decoding: try JSONEncoder().encode(stopped), as: UTF8.self))])
        // A minute after the stop: the job's lease (30 s) has run out.
        let jobs = ImportJobs(store: store, folder: folder, chunkSize: 25, now: { TestGateway.now.adding(minutes: 1) })
        let resumed = try await jobs.resumeUnfinished()
        #expect(resumed.map(\.id) == ["stopped"])
        let job = try #require(try await jobs.wait("stopped"))
        #expect(job.status == .completed)
        #expect(job.counts.total.failed == 0, "the Observations after the stop find the Patients before it")
        #expect(job.counts.total(of: "Patient").total == 0, "no line before the stop is read again")
        #expect(job.linesDone == all.count)
        let fresh = try SQLiteStore.inMemory()
        _ = try await Self.run(file, on: fresh, folder: folder)
        #expect(try await store.rowCounts() == (try await fresh.rowCounts()))
    }

    @Test func observationsImportedAfterTheirPatientsInAnotherJobFindThem() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let patients = try await Self.run(Self.samples.appendingPathComponent("Patient.ndjson"), on: store, folder: folder)
        #expect(patients.counts.total.imported == 3)
        let observations = try await Self.run(Self.samples.appendingPathComponent("Observation.ndjson"), on: store, folder: folder)
        #expect(observations.counts.total.failed == 0)
        #expect(observations.counts.total.imported > 50)
    }

    @Test func removingAJobCancelsItAndForgetsItsFiles() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let jobs = ImportJobs(store: store, folder: folder, chunkSize: 1)
        let (id, input) = try await jobs.newInput()
        try Data(contentsOf: try Self.sampleFile(in: folder)).write(to: input)
        let bytes = try #require(try FileManager.default.attributesOfItem(atPath: input.path)[.size] as? NSNumber).int64Value
        _ = try await jobs.start(id: id, inputs: [ImportInput(path: input.path, bytes: bytes, owned: true)],
                                 request: "test", serverBase: nil)
        #expect(try await jobs.remove(id))
        #expect(try await jobs.job(id) == nil)
        #expect(!FileManager.default.fileExists(atPath: input.path))
        #expect(!FileManager.default.fileExists(atPath: jobs.errorFile(id).path))
        #expect(try await jobs.remove(id) == false)
        let users = try await store.rowCounts()[.users] ?? 0
        let all = try await store.rowCounts()
        let rows = NativeTable.measurementTables.reduce(0) { $0 + (all[$1] ?? 0) }
        let lines = try Self.lines(input.deletingLastPathComponent().appendingPathComponent("export.ndjson")).count
        #expect(users <= 3 && rows < lines, "cancelled before the end")
    }

    @Test func concurrentImportsOfTheSameDataNeverDuplicate() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let file = try Self.sampleFile(in: folder)
        let jobs = try await withThrowingTaskGroup(of: ImportJob.self) { group in
            for chunk in [5, 13, 40] { group.addTask { try await Self.run(file, on: store, folder: folder, chunkSize: chunk) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(jobs.allSatisfy { $0.status == .completed && $0.counts.total.failed == 0 })
        let fresh = try SQLiteStore.inMemory()
        _ = try await Self.run(file, on: fresh, folder: folder)
        #expect(try await store.rowCounts() == (try await fresh.rowCounts()))
    }
}
