import FHIRTestSupport
import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import Store
import StoreFactory
import StoreSQLite
import Testing

/// A job a stop interrupted is finished by the next start of the server.
@Suite struct ImportResumeTests {
    @Test func theServerResumesAnInterruptedJobWhenItStarts() async throws {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("gateway.sqlite").path
        let file = try ImportJobTests.sampleFile(in: folder)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber).int64Value
        do {  // what a kill leaves behind: the job saved as running, nothing committed yet
            let store = try SQLiteStore(path: database)
            var job = ImportJob(id: "interrupted", request: "test", serverBase: nil,
                                inputs: [ImportInput(path: file.path, bytes: size, owned: false)], submittedAt: TestGateway.now)
            job.status = .running
            try await store.apply([.setMetadata(key: "import-job/interrupted",
                                                value: String(decoding: try JSONEncoder().encode(job), as: UTF8.self))])
        }
        let opened = try StoreFactory.open(.sqlite(path: database))
        let application = try await buildApplication(
            GatewayConfiguration(port: 0, importFolder: opened.filesFolder, samplesPath: nil,
                                 clock: { TestGateway.now.adding(minutes: 1) }),  // the jobs' leases have run out
            opened: opened)
        try await application.test(.live) { client in
            try await client.waitUntilReady()
            var response = try await client.execute(uri: "/fhir/$import-poll-status/interrupted", method: .get)
            for _ in 0..<200 where response.status == .accepted {
                try await Task.sleep(for: .milliseconds(50))
                response = try await client.execute(uri: "/fhir/$import-poll-status/interrupted", method: .get)
            }
            #expect(response.status == .ok)
            let manifest = try JSONDecoder().decode(ImportManifest.self, from: Data(response.body.readableBytesView))
            #expect(manifest.status == "completed")
            #expect(manifest.output.first { $0.type == "Patient" }?.imported == 3)
            #expect(manifest.output.allSatisfy { $0.failed == 0 })
            let patient = try await client.execute(uri: "/fhir/Patient/3", method: .get)
            #expect(patient.status == .ok)
        }
    }

    /// A job that stopped the server at every start (a line that crashed it) is resumed at most
    /// `maximumResumesWithoutProgress` times in a row, then failed: the server serves, the job says why.
    /// A job that made progress since it was last resumed is resumed again.
    @Test func aJobThatKeepsStoppingTheServerIsFailedNotResumedForever() async throws {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("gateway.sqlite").path
        let file = try ImportJobTests.sampleFile(in: folder)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber).int64Value
        let limit = ImportJobs<SQLiteStore>.maximumResumesWithoutProgress
        do {
            let store = try SQLiteStore(path: database)
            for (id, resumedAt) in [("stuck", Int64(0)), ("moving", Int64(-1))] {
                var job = ImportJob(id: id, request: "test", serverBase: nil,
                                    inputs: [ImportInput(path: file.path, bytes: size, owned: false)], submittedAt: TestGateway.now)
                job.status = .running
                (job.resumedAtBytes, job.resumesWithoutProgress) = (resumedAt, limit)
                try await store.apply([.setMetadata(key: "import-job/\(id)",
                                                    value: String(decoding: try JSONEncoder().encode(job), as: UTF8.self))])
            }
        }
        let opened = try StoreFactory.open(.sqlite(path: database))
        let application = try await buildApplication(
            GatewayConfiguration(port: 0, importFolder: opened.filesFolder, samplesPath: nil,
                                 clock: { TestGateway.now.adding(minutes: 1) }),  // the jobs' leases have run out
            opened: opened)
        try await application.test(.live) { client in
            try await client.waitUntilReady()
            let stuck = try await client.execute(uri: "/fhir/$import-poll-status/stuck", method: .get)
            #expect(stuck.status == .internalServerError, "\(stuck.bodyText)")
            #expect(stuck.bodyText.contains("stopped \(limit) times while importing line 1"), "\(stuck.bodyText)")
            #expect(stuck.bodyText.contains("not resumed again"), "\(stuck.bodyText)")
            var moving = try await client.execute(uri: "/fhir/$import-poll-status/moving", method: .get)
            for _ in 0..<200 where moving.status == .accepted {
                try await Task.sleep(for: .milliseconds(50))
                moving = try await client.execute(uri: "/fhir/$import-poll-status/moving", method: .get)
            }
            #expect(moving.status == .ok, "\(moving.bodyText)")
        }
    }
}
