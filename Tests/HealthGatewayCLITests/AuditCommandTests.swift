import Foundation
import GRDB
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The audit trail of the real binary: requests to a server leave records, appended in batches and
/// flushed when it stops; `--audit-log` has them as JSON lines; `audit verify` says the chain holds, and
/// exits 1 once a record is changed in the database file.
@Suite struct AuditCommandTests {
    @Test func theServersTrailVerifiesUntilSomeoneEditsIt() async throws {
        let folder = try TemporaryFolder("audit")
        defer { folder.remove() }
        let database = folder.path("gateway.sqlite")
        let log = folder.path("audit.jsonl")
        let samples = ServeCommandTests.root.appendingPathComponent("Samples/population.ndjson").path
        let server = try RunningServer(arguments: ["serve", "--database", database, "--port", "0", "--samples", samples,
                                                   "--audit-log", log])
        defer { server.stop() }
        let base = try await server.baseURL()
        for path in ["fhir/Patient/1", "fhir/Observation?patient=1&_count=2", "api/v1/users/2", "fhir/Patient/999999"] {
            _ = try await ServeCommandTests.get(base, path)
        }
        #expect(await server.terminate(within: .seconds(20)) == 0)

        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines.last?.contains(#""status":404"#) == true)
        let verified = try CommandLineTests.run(["audit", "verify", "--database", database])
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("audit trail holds: 4 records, 1 to 4"))

        let queue = try DatabaseQueue(path: database)
        try await queue.write { db in try db.execute(sql: "UPDATE audit_trail SET entities = '' WHERE seq = 2") }
        try queue.close()
        let broken = try CommandLineTests.run(["audit", "verify", "--database", database])
        #expect(broken.status == 1)
        #expect(broken.output.contains("record 2 was changed"), "\(broken.output)")
    }
}
