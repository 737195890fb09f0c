import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Interactions
import NativeModel
import Store
import StoreSQLite
import Testing

/// `$import` cannot exhaust the server: its upload, what a gzip body inflates to, one line, the jobs
/// at once and how long finished jobs are kept are all bounded (`ImportLimits`), each past its bound
/// a clear answer, and nothing of a refused upload left behind.
@Suite struct ImportLimitTests {
    /// A test against an application whose import jobs keep their files in a folder of the test's own.
    static func run(_ limits: ImportLimits,
                    _ test: @escaping @Sendable (any TestClientProtocol, ImportJobs<SQLiteStore>, URL) async throws -> Void)
        async throws
    {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore.inMemory()
        let jobs = ImportJobs(store: store, folder: folder, limits: limits)
        let router = buildRouter(GatewayConfiguration(importLimits: limits, clock: { TestGateway.now }),
                                 store: store, imports: jobs)
        try await Application(router: router).test(.router) { client in try await test(client, jobs, folder) }
    }

    @Test func aBodyPastTheUploadLimitIs413AndLeavesNothing() async throws {
        try await Self.run(ImportLimits(maximumUploadBytes: 10_000, maximumConcurrentJobs: 1)) { client, _, folder in
            let body = Array(String(repeating: #"{"resourceType":"Patient"}"# + "\n", count: 1_000).utf8)
            let response = try await ImportAPITests.kickOff(client, body)
            #expect(response.status == .contentTooLarge, "\(response.bodyText)")
            #expect(response.firstIssue.code == "too-costly")
            #expect(response.firstIssue.diagnostics.contains("import.maxUploadBytes"), "\(response.bodyText)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no partial file is left")
            let next = try await ImportAPITests.kickOff(client, Array(#"{"resourceType":"Basic"}"#.utf8))
            #expect(next.status == .accepted, "the refused upload gave its place back: \(next.bodyText)")
        }
    }

    /// A gzip bomb: a small body that inflates to far more than the limit stops at the limit.
    @Test func aGzipBombIs413AndItsPartialFileIsRemoved() async throws {
        try await Self.run(ImportLimits(maximumDecompressedBytes: 1 << 20)) { client, _, folder in
            let bomb = try ImportAPITests.gzip(Array(repeating: UInt8(ascii: " "), count: 64 << 20))
            #expect(bomb.count < 1 << 20)
            let response = try await ImportAPITests.kickOff(client, bomb, gzip: true)
            #expect(response.status == .contentTooLarge, "\(response.bodyText)")
            #expect(response.firstIssue.diagnostics.contains("import.maxDecompressedBytes"), "\(response.bodyText)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "no partial file is left")
        }
    }

    /// A line longer than the limit fails on its own, named by its number; the lines around it import.
    @Test func anOverlongLineFailsAloneAndTheJobGoesOn() async throws {
        try await TestGateway.run(importLimits: ImportLimits(maximumLineBytes: 4_096)) { client, store in
            let patient = { (mrn: String) in
                #"{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"\#(mrn)"}],"name":[{"family":"Line"}]}"#
            }
            let long = #"{"resourceType":"Patient","name":[{"family":""# + String(repeating: "x", count: 3 << 20) + #""}]}"#
            let body = [patient("A"), long, patient("B"), long].joined(separator: "\n")
            let accepted = try await ImportAPITests.kickOff(client, Array(body.utf8))
            #expect(accepted.status == .accepted, "\(accepted.bodyText)")
            let done = try await ImportAPITests.finish(client, try #require(accepted.headers[.contentLocation]))
            let manifest = try JSONDecoder().decode(ImportManifest.self, from: Data(done.body.readableBytesView))
            #expect(manifest.status == "completed")
            #expect(manifest.lines == 4)
            #expect(manifest.output.first { $0.type == "Patient" }?.imported == 2, "\(done.bodyText)")
            #expect(manifest.output.first { $0.type == "unreadable" }?.failed == 2, "\(done.bodyText)")
            #expect(try await store.rowCounts()[.users] == 2)
            let errorURL = try #require(manifest.error.first?.url)
            let errors = try await client.execute(uri: String(errorURL.drop(while: { $0 != "/" }).dropFirst(2).drop(while: { $0 != "/" })),
                                                  method: .get)
            #expect(errors.bodyText.contains(#"Line[2]"#) && errors.bodyText.contains(#"Line[4]"#), "\(errors.bodyText)")
            #expect(errors.bodyText.contains("more than a line may have (import.maxLineBytes)"))
        }
    }

    /// Past the jobs that may run at once, a new import is 429 with Retry-After, before its body is read.
    @Test func pastTheJobLimitANewImportIs429() async throws {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let jobs = ImportJobs(store: try SQLiteStore.inMemory(), folder: folder, limits: ImportLimits(maximumConcurrentJobs: 1))
        let first = try await jobs.newInput()
        do {
            _ = try await jobs.newInput()
            Issue.record("a second job was let in")
        } catch let error as FHIRError {
            #expect(error.category.status == 429)
            #expect(error.retryAfterSeconds == ImportLimits.retryAfterSeconds)
            #expect(error.description.contains("import.maxJobs"))
        }
        await jobs.discardInput(id: first.id, file: first.file)
        _ = try await jobs.newInput()
    }

    @Test func pastTheJobLimitTheHTTPAnswerIs429WithRetryAfter() async throws {
        try await Self.run(ImportLimits(maximumConcurrentJobs: 1)) { client, jobs, folder in
            let held = try await jobs.newInput()  // an upload in progress holds the one place
            let response = try await ImportAPITests.kickOff(client, Array(#"{"resourceType":"Basic"}"#.utf8))
            #expect(response.status == .tooManyRequests, "\(response.bodyText)")
            #expect(response.headers[.retryAfter] == String(ImportLimits.retryAfterSeconds))
            #expect(response.firstIssue.code == "throttled")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "nothing was uploaded")
            await jobs.discardInput(id: held.id, file: held.file)
            #expect(try await ImportAPITests.kickOff(client, Array(#"{"resourceType":"Basic"}"#.utf8)).status == .accepted)
        }
    }

    /// Finished jobs, their manifest and their files are forgotten once older than the retention.
    @Test func finishedJobsArePrunedAfterTheRetention() async throws {
        let folder = try ImportJobTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let clock = MutableClock(TestGateway.now)
        let store = try SQLiteStore.inMemory()
        let jobs = ImportJobs(store: store, folder: folder, limits: ImportLimits(retentionSeconds: 3_600), now: { clock.now })
        let file = try ImportJobTests.sampleFile(in: folder)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber).int64Value
        let job = try await jobs.start(id: "old", inputs: [ImportInput(path: file.path, bytes: size, owned: false)],
                                       request: "test", serverBase: nil)
        #expect(try await jobs.wait(job.id)?.status == .completed)
        #expect(try await jobs.pruneFinished() == 0, "within the retention")
        clock.now = TestGateway.now.adding(minutes: 61)
        #expect(try await jobs.pruneFinished() == 1)
        #expect(try await jobs.job("old") == nil)
        #expect(!FileManager.default.fileExists(atPath: jobs.errorFile("old").path))
        #expect(FileManager.default.fileExists(atPath: file.path), "a file the job did not own stays")
    }
}

/// A clock a test moves by hand.
final class MutableClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Instant

    init(_ instant: Instant) { self.instant = instant }

    var now: Instant {
        get { lock.withLock { instant } }
        set { lock.withLock { instant = newValue } }
    }
}
