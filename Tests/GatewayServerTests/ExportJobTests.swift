import Access
import Foundation
import GatewayServer
import HTTPTypes
import HummingbirdTesting
@testable import Interactions
import NativeModel
import Store
import StoreSQLite
import StoreTestSupport
import Synchronization
import Testing

/// Export jobs across time and restarts: files expire and are removed; a job whose node stopped is
/// started over on a new snapshot by the next node to look, and failed after `maximumRestarts`.
@Suite struct ExportJobTests {
    /// A clock the test moves.
    final class TestClock: Sendable {
        private let instant = Mutex(Instant(millisecondsSince1970: 1_795_132_800_000))
        var now: Instant { instant.withLock { $0 } }
        func advance(seconds: Int64) { instant.withLock { $0 = $0.adding(milliseconds: seconds * 1000) } }
    }

    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("export-jobs-\(UUID().uuidString)", isDirectory: true)
    }

    static func request() -> ExportRequest {
        ExportRequest(level: .system, types: ["Patient", "Observation"], request: "http://localhost/fhir/$export")
    }

    @Test func aFinishedExportExpiresWithItsFiles() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        try await TestStores.withStore { store in try await expires(store, folder: folder, clock: clock) }
    }

    private func expires(_ store: some HealthStore, folder: URL, clock: TestClock) async throws {
        do {
            _ = try await ExportAPITests.seed(store, members: 2)
            let jobs = ExportJobs(store: store, folder: folder, limits: ExportLimits(expirySeconds: 600), now: { clock.now })
            let started = try await jobs.start(Self.request(), access: .unrestricted, serverBase: "http://localhost/fhir")
            let done = try #require(try await jobs.wait(started.id))
            #expect(done.status == .completed)
            #expect(done.outputs.map(\.type) == ["Patient", "Observation"])
            #expect(FileManager.default.fileExists(atPath: jobs.jobFolder(done.id).appendingPathComponent("Patient-1.ndjson").path))
            clock.advance(seconds: 599)
            #expect(try await jobs.pruneExpired() == 0)
            #expect(try await jobs.file("Patient-1.ndjson", of: done.id, for: .unrestricted) != nil)
            clock.advance(seconds: 2)
            #expect(try await jobs.pruneExpired() == 1)
            #expect(try await jobs.job(done.id) == nil)
            #expect(try await jobs.file("Patient-1.ndjson", of: done.id, for: .unrestricted) == nil)
            #expect(!FileManager.default.fileExists(atPath: jobs.jobFolder(done.id).path))
        }
    }

    @Test func aJobWhoseNodeStoppedIsStartedOverOnANewSnapshotThenFailedAfterTheLastRestart() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = TestClock()
        try await TestStores.withStore { store in try await restarts(store, folder: folder, clock: clock) }
    }

    private func restarts(_ store: some HealthStore, folder: URL, clock: TestClock) async throws {
        do {
            let members = try await ExportAPITests.seed(store, members: 3)
            // What a node that died mid-export leaves: the job saved as running, a file half written.
            func abandoned(_ id: String, restarts: Int) async throws {
                var job = ExportJob(id: id, request: Self.request(), access: .unrestricted, serverBase: "http://localhost/fhir",
                                    submittedAt: clock.now)
                job.status = .running
                job.claim = 1
                job.restarts = restarts
                job.outputs = [ExportOutput(type: "Patient", file: "Patient-1.ndjson", count: 1)]
                try await store.apply([.setMetadata(key: "export-job/\(id)",
                                                    value: String(decoding: try JSONEncoder().encode(job), as: UTF8.self))])
                let directory = folder.appendingPathComponent(id)
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data("{\"resourceType\":\"Pat".utf8).write(to: directory.appendingPathComponent("Patient-1.ndjson"))
            }
            let resumable = UUID().uuidString.lowercased()
            let spent = UUID().uuidString.lowercased()
            try await abandoned(resumable, restarts: 0)
            try await abandoned(spent, restarts: ExportJob.maximumRestarts)
            let jobs = ExportJobs(store: store, folder: folder, limits: ExportLimits(leaseSeconds: 30), now: { clock.now })
            #expect(try await jobs.resumeUnfinished().isEmpty, "within the lease the node may still be running it")
            clock.advance(seconds: 31)
            let resumed = try await jobs.resumeUnfinished()
            #expect(resumed.map(\.id) == [resumable])
            let done = try #require(try await jobs.wait(resumable))
            #expect(done.status == .completed && done.restarts == 1 && done.claim == 2)
            #expect(done.outputs.first { $0.type == "Patient" }?.count == members.count)
            let lines = try String(contentsOf: jobs.jobFolder(resumable).appendingPathComponent("Patient-1.ndjson"), encoding: .utf8)
            #expect(lines.split(separator: "\n").count == members.count, "the half-written file was written again")
            let failed = try #require(try await jobs.job(spent))
            #expect(failed.status == .failed)
            #expect(failed.message?.contains("Kick the export off again") == true)
            #expect(try await jobs.resumeUnfinished().isEmpty, "a failed job stays failed")
        }
    }

    @Test func aFailedJobsReasonKeepsTheStoresAndTheFoldersInternalsOut() {
        let store = ExportRun<SQLiteStore>.reason(StoreError.fault("no such column: secret_column in SELECT …"))
        #expect(!store.contains("secret_column") && !store.isEmpty)
        let folder = ExportRun<SQLiteStore>.reason(CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: "/srv/exports/x"]))
        #expect(!folder.contains("/srv/exports") && folder.contains("export folder"))
        let invalid = ExportRun<SQLiteStore>.reason(FHIRError(.invalid, "_typeFilter 'Observation?x=1': unknown"))
        #expect(invalid.contains("_typeFilter"))
    }

    @Test func theStatusOfAFailedJobIsA500WithItsReason() async throws {
        try await TestGateway.run { client, store in
            let id = UUID().uuidString.lowercased()
            var job = ExportJob(id: id, request: Self.request(), access: .unrestricted, serverBase: "http://localhost/fhir",
                                submittedAt: TestGateway.now)
            job.status = .failed
            job.message = "The disk is full"
            try await store.apply([.setMetadata(key: "export-job/\(id)",
                                                value: String(decoding: try JSONEncoder().encode(job), as: UTF8.self))])
            let response = try await client.call(.get, "/fhir/$export-poll-status/\(id)", token: .none)
            #expect(response.status == .internalServerError)
            #expect(response.json["resourceType"] as? String == "OperationOutcome")
            #expect(response.bodyText.contains("The disk is full"))
        }
    }
}
