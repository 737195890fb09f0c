import FHIRTestSupport
import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import Store
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
                                inputs: [ImportInput(path: file.path, bytes: size, owned: false)], submittedAt: .now())
            job.status = .running
            try await store.apply([.setMetadata(key: "import-job/interrupted",
                                                value: String(decoding: try JSONEncoder().encode(job), as: UTF8.self))])
        }
        let application = try await buildApplication(GatewayConfiguration(port: 0, database: .sqlite(path: database),
                                                                           samplesPath: nil))
        try await application.test(.live) { client in
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
}
