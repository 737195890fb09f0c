import GRDB
import NativeModel
import Store
import StoreSQLite
import Testing

/// `audit verify` against a trail someone changed behind the gateway's back, in the database file itself:
/// an edited field, a removed record, a record replaced with a recomputed hash of its own.
@Suite struct AuditTamperTests {
    static func record(_ index: Int) -> AuditRecord {
        AuditRecord(recordedAt: Instant(millisecondsSince1970: 1_795_132_800_000 + Int64(index)), requestID: "r\(index)",
                    clientID: "app", interaction: "read", resourceType: "Patient", entities: ["Patient/\(index)"],
                    patients: ["\(index)"], status: 200, durationMicroseconds: 100)
    }

    /// A trail of five records in a file; `tamper` then runs on the file with plain SQL.
    static func verify(after tamper: @escaping @Sendable (Database) throws -> Void) async throws -> AuditVerifier.Report {
        let folder = try TemporaryDirectory()
        let path = folder.path("audit.sqlite")
        do {
            let store = try SQLiteStore(path: path)
            try await store.appendAudit((1...5).map(record))
            #expect(try await AuditVerifier.verify(store).holds)
        }
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try tamper(db) }
        try queue.close()
        return try await AuditVerifier.verify(try SQLiteStore(path: path), pageSize: 2)
    }

    @Test func anIntactTrailHolds() async throws {
        let report = try await Self.verify { _ in }
        #expect(report.holds && report.checked == 5 && report.first == 1 && report.last == 5)
    }

    @Test func anEditedRecordIsFound() async throws {
        let report = try await Self.verify { db in try db.execute(sql: "UPDATE audit_trail SET status = 404 WHERE seq = 3") }
        #expect(report.problem == "record 3 was changed: its content no longer makes its hash")
        #expect(report.checked == 2)
    }

    @Test func aRemovedRecordIsFound() async throws {
        let report = try await Self.verify { db in try db.execute(sql: "DELETE FROM audit_trail WHERE seq = 2") }
        #expect(report.problem?.hasPrefix("record 2 is missing") == true)
    }

    @Test func aRecordReplacedWithAHashOfItsOwnIsFound() async throws {
        let report = try await Self.verify { db in
            var forged = Self.record(3)
            forged.clientID = "someone-else"
            let previous = try String.fetchOne(db, sql: "SELECT previous_hash FROM audit_trail WHERE seq = 3") ?? ""
            let hash = AuditChain.hash(sequence: 3, forged, previous: previous)
            try db.execute(sql: "UPDATE audit_trail SET client_id = 'someone-else', hash = ? WHERE seq = 3", arguments: [hash])
        }
        #expect(report.problem == "record 4 does not name the hash of record 3: record 3 was changed or replaced")
    }

    @Test func removingTheFirstRecordsIsFound() async throws {
        let report = try await Self.verify { db in try db.execute(sql: "DELETE FROM audit_trail WHERE seq <= 2") }
        #expect(report.problem?.hasPrefix("record 1 to 2 are missing") == true)
    }
}
