import NativeModel
import Store
import StoreSQLite
import Synchronization
import Testing

/// `AuditSearch` across search-key segments (65,536 records each): windows of segments newest first, and
/// a page that spans a segment boundary.
@Suite struct AuditSearchTests {
    @Test func keySearchesProbeWindowsOfSegmentsNewestFirst() async throws {
        let issued = Mutex<[String]>([])
        _ = try await AuditSearch.run(AuditQuery(patient: "7", limit: 10)) { fragment in
            if fragment.sql.hasPrefix("SELECT MIN(seq), MAX(seq)") { return [[.integer(1), .integer(2_000_000)]] }
            issued.withLock { $0.append(fragment.sql) }
            return []
        }
        let statements = issued.withLock { $0 }
        #expect(statements.count == 2)
        #expect(statements.first?.contains("segment IN (15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)") == true)
        #expect(statements.last?.contains("segment IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)") == true)
    }

    @Test func aPageSpansASegmentBoundary() async throws {
        let store = try SQLiteStore.inMemory()
        let total = 70_000
        for start in stride(from: 1, through: total, by: 10_000) {
            try await store.appendAudit((start..<min(start + 10_000, total + 1)).map { index in
                AuditRecord(recordedAt: Instant(millisecondsSince1970: 1_795_132_800_000 + Int64(index)), requestID: "r\(index)",
                            interaction: "read", resourceType: "Patient", entities: ["Patient/\(index % 1_000)"],
                            patients: ["\(index % 1_000)"], status: 200, durationMicroseconds: 1)
            })
        }
        // Patient 536's records are 536, 1536, …, 65536 (the first of segment 1), 66536, 67536, 68536, 69536.
        let page = try await store.auditRecords(AuditQuery(patient: "536", limit: 6))
        #expect(page.map(\.sequence) == [69_536, 68_536, 67_536, 66_536, 65_536, 64_536])
        let next = try await store.auditRecords(AuditQuery(patient: "536", before: 64_536, limit: 2))
        #expect(next.map(\.sequence) == [63_536, 62_536])
        let dated = try await store.auditRecords(AuditQuery(from: Instant(millisecondsSince1970: 1_795_132_800_000 + 65_000),
                                                            to: Instant(millisecondsSince1970: 1_795_132_800_000 + 66_000),
                                                            entity: "Patient/536"))
        #expect(dated.map(\.sequence) == [65_536])
    }
}
