import FHIRTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import Store
import StoreSQLite
import Testing

/// `POST /fhir/$import` and its status URL, over HTTP: 202 and Content-Location, the manifest,
/// the error NDJSON, gzip, DELETE, and every refusal as an OperationOutcome.
@Suite struct ImportAPITests {
    static func kickOff(_ client: some TestClientProtocol, _ body: [UInt8], gzip: Bool = false,
                        contentType: String = "application/fhir+ndjson") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType, HTTPField.Name("Prefer")!: "respond-async"]
        if gzip { headers[.contentEncoding] = "gzip" }
        return try await client.execute(uri: "/fhir/$import", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }

    /// Polls the status URL until the job is done; the final response.
    static func finish(_ client: some TestClientProtocol, _ statusURL: String) async throws -> TestResponse {
        let path = String(statusURL.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" }))
        for _ in 0..<400 {
            let response = try await client.execute(uri: path, method: .get)
            if response.status != .accepted { return response }
            #expect(response.headers[HTTPField.Name("X-Progress")!]?.isEmpty == false)
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("the import did not finish")
        return try await client.execute(uri: path, method: .get)
    }

    static func export() throws -> [UInt8] {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        return Array(try Data(contentsOf: try ImportJobTests.sampleFile(in: folder)))
    }

    /// The bytes gzip-compressed by the system's gzip (through files: no pipe to deadlock on).
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(atPath: file.path + ".gz")
        }
        try Data(bytes).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-f", file.path]
        try process.run()
        process.waitUntilExit()
        return Array(try Data(contentsOf: URL(fileURLWithPath: file.path + ".gz")))
    }

    @Test func anImportIsAcceptedPolledAndReported() async throws {
        try await TestGateway.run { client, store in
            let body = try Self.export() + Array("{oops\n".utf8)
            let accepted = try await Self.kickOff(client, body)
            #expect(accepted.status == .accepted)
            let location = try #require(accepted.headers[.contentLocation])
            #expect(location.hasPrefix("http://") && location.contains("/fhir/$import-poll-status/"))
            #expect(accepted.json["resourceType"] as? String == "OperationOutcome")
            let done = try await Self.finish(client, location)
            #expect(done.status == .ok)
            #expect(done.headers[.contentType] == "application/json")
            let manifest = try JSONDecoder().decode(ImportManifest.self, from: Data(done.body.readableBytesView))
            #expect(manifest.status == "completed")
            #expect(manifest.request.hasSuffix("/fhir/$import"))
            let patients = manifest.output.first { $0.type == "Patient" }
            #expect(patients?.imported == (try await store.rowCounts()[.users]))
            #expect(manifest.output.contains { $0.type == "Encounter" && $0.skipped > 0 })
            let errorFile = try #require(manifest.error.first)
            #expect(errorFile.count == 1)
            let errorsPath = String(errorFile.url.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" }))
            let errors = try await client.execute(uri: errorsPath, method: .get)
            #expect(errors.status == .ok)
            #expect(errors.headers[.contentType] == "application/fhir+ndjson")
            let lineCount = body.split(separator: UInt8(ascii: "\n")).count
            #expect(errors.bodyText.contains("\"location\":[\"Line[\(lineCount)]\"]"))
            // DELETE forgets the job; the data stays.
            let statusPath = String(location.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" }))
            let deleted = try await client.execute(uri: statusPath, method: .delete)
            #expect(deleted.status == .accepted)
            let gone = try await client.execute(uri: statusPath, method: .get)
            #expect(gone.status == .notFound)
            #expect(gone.bodyText.contains("No import job"))
            #expect((try await store.rowCounts()[.users] ?? 0) > 0)
        }
    }

    @Test func aGzipBodyImportsLikeThePlainOneAndAgainChangesNothing() async throws {
        try await TestGateway.run { client, store in
            let plain = try Self.export()
            let first = try await Self.finish(client, try #require(try await Self.kickOff(client, plain).headers[.contentLocation]))
            let counts = try await store.rowCounts()
            let zipped = try await Self.kickOff(client, try Self.gzip(plain), gzip: true)
            #expect(zipped.status == .accepted)
            let second = try await Self.finish(client, try #require(zipped.headers[.contentLocation]))
            let one = try JSONDecoder().decode(ImportManifest.self, from: Data(first.body.readableBytesView))
            let two = try JSONDecoder().decode(ImportManifest.self, from: Data(second.body.readableBytesView))
            #expect(two.lines == one.lines)
            #expect(two.output.allSatisfy { $0.imported == 0 && $0.updated == 0 && $0.failed == 0 })
            #expect(try await store.rowCounts() == counts)
        }
    }

    @Test func aRunningJobAnswers202WithProgress() async throws {
        try await TestGateway.run { client, store in
            var job = ImportJob(id: "running", request: "r", serverBase: nil,
                                inputs: [ImportInput(path: "/nonexistent", bytes: 1_000, owned: false)], submittedAt: TestGateway.now)
            job.status = .running
            job.position = 420
            job.lines = 7
            try await store.apply([.setMetadata(key: "import-job/running",
                                                value: String(decoding: try JSONEncoder().encode(job), as: UTF8.self))])
            let response = try await client.execute(uri: "/fhir/$import-poll-status/running", method: .get)
            #expect(response.status == .accepted)
            #expect(response.headers[HTTPField.Name("X-Progress")!] == "running: 42% (7 lines, 0 resources)")
            #expect(response.headers[.retryAfter] != nil)
        }
    }

    @Test func badKickOffsAreRefusedWithAnOutcome() async throws {
        try await TestGateway.run { client, _ in
            let plain = try Self.export()
            var cases: [(TestResponse, HTTPResponse.Status, String)] = []
            cases.append((try await Self.kickOff(client, plain, contentType: "application/fhir+json"), .unsupportedMediaType,
                          "takes NDJSON"))
            var headers: HTTPFields = [.contentType: "application/fhir+ndjson", .contentEncoding: "br"]
            cases.append((try await client.execute(uri: "/fhir/$import", method: .post, headers: headers,
                                                   body: ByteBuffer(bytes: plain)), .unsupportedMediaType, "Content-Encoding br"))
            cases.append((try await Self.kickOff(client, []), .badRequest, "no body"))
            cases.append((try await Self.kickOff(client, plain, gzip: true), .badRequest, "gzip data is corrupt"))
            let zipped = try Self.gzip(plain)
            cases.append((try await Self.kickOff(client, Array(zipped.prefix(zipped.count / 2)), gzip: true), .badRequest,
                          "corrupt or truncated"))
            headers = [:]
            cases.append((try await client.execute(uri: "/fhir/$import-poll-status/unknown", method: .get, headers: headers),
                          .notFound, "No import job unknown"))
            cases.append((try await client.execute(uri: "/fhir/$import-poll-status/unknown", method: .delete), .notFound,
                          "No import job unknown"))
            for (response, status, text) in cases {
                #expect(response.status == status, "\(text)")
                #expect(response.json["resourceType"] as? String == "OperationOutcome", "\(text)")
                #expect(response.bodyText.contains(text), "\(response.bodyText)")
            }
        }
    }
}
