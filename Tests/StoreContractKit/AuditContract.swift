import NativeModel
import Store
import Synchronization
import Testing

/// The audit trail: appends linked by hash without gaps, a write's record in the write's own
/// transaction (committed with it, rolled back with it), searches by time, agent, entity and patient,
/// and retention pruning that leaves an anchor and its own record.
enum AuditContract {
    static func record(_ index: Int, at milliseconds: Int64 = 1_795_132_800_000, client: String = "app",
                       entities: [String] = [], patients: [String] = [], status: Int = 200) -> AuditRecord {
        AuditRecord(recordedAt: Instant(millisecondsSince1970: milliseconds), requestID: "req-\(index)", clientID: client,
                    subject: "user-\(index)", source: "127.0.0.1", interaction: "read", resourceType: "Patient",
                    entities: entities, patients: patients, parameters: ["_count"], status: status,
                    durationMicroseconds: 1_500)
    }

    /// Walks the whole chain, checking every link.
    static func chainHolds(_ store: any HealthStore) async throws -> Bool {
        let page = try await store.auditChain(after: 0, limit: 10_000)
        var (sequence, hash) = (page.anchorSequence ?? 0, page.anchorHash ?? AuditChain.genesis)
        for record in page.records {
            guard AuditChain.follows(record, sequence: sequence, hash: hash) else { return false }
            (sequence, hash) = (record.sequence, record.hash)
        }
        return true
    }

    static let checks: [StoreContract.Check] = [
        .init(name: "audit records are appended in order, each linked to the one before") { store in
            try await store.appendAudit([record(1, entities: ["Patient/1"], patients: ["1"]), record(2)])
            try await store.appendAudit([record(3, entities: ["Observation/lab-4"], patients: ["1"])])
            let chain = try await store.auditChain(after: 0, limit: 10).records
            #expect(chain.map(\.sequence) == [1, 2, 3])
            #expect(chain.map(\.record.requestID) == ["req-1", "req-2", "req-3"])
            #expect(chain.first?.previousHash == AuditChain.genesis)
            #expect(chain.first?.record == record(1, entities: ["Patient/1"], patients: ["1"]))
            #expect(try await chainHolds(store))
            #expect(try await store.auditChain(after: 2, limit: 10).records.map(\.sequence) == [3])
        },
        .init(name: "a write's audit record commits with the write and rolls back with it") { store in
            let commits = Mutex(0)
            let hook = AuditHook(record: { outcomes in
                record(9, entities: outcomes.compactMap { $0.table == .users ? "Patient/\($0.id)" : nil }, status: 201)
            }, committed: { commits.withLock { $0 += 1 } })
            let id = try await AuditHook.$current.withValue(hook) {
                try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            }
            #expect(commits.withLock { $0 } == 1)
            let written = try await store.auditRecords(AuditQuery())
            #expect(written.map(\.record.entities) == [["Patient/\(id)"]])
            // A batch that fails leaves neither its rows nor its record.
            _ = await expectStoreError {
                _ = try await AuditHook.$current.withValue(hook) {
                    try await store.apply([.createUser(ContractFixtures.user(2)), .deleteUser(id: 9_999)])
                }
            }
            #expect(commits.withLock { $0 } == 1)
            #expect(try await store.auditRecords(AuditQuery()).count == 1)
            #expect(try await store.users(PageRequest(limit: 10)).items.count == 1)
            // Without a hook, a write leaves no record.
            try await store.apply([.createUser(ContractFixtures.user(3))])
            #expect(try await store.auditRecords(AuditQuery()).count == 1)
            #expect(try await chainHolds(store))
        },
        .init(name: "audit records are found by time, agent, entity and patient, newest first, a page at a time") { store in
            let base: Int64 = 1_795_132_800_000
            try await store.appendAudit([
                record(1, at: base, client: "app", entities: ["Patient/1"], patients: ["1"]),
                record(2, at: base + 1_000, client: "etl", entities: ["Observation/lab-7", "Patient/2"], patients: ["2"]),
                record(3, at: base + 2_000, client: "app", entities: ["Observation/lab-7"], patients: ["2"]),
            ])
            func ids(_ query: AuditQuery) async throws -> [String] {
                try await store.auditRecords(query).map(\.record.requestID)
            }
            #expect(try await ids(AuditQuery()) == ["req-3", "req-2", "req-1"])
            #expect(try await ids(AuditQuery(from: Instant(millisecondsSince1970: base + 1_000))) == ["req-3", "req-2"])
            #expect(try await ids(AuditQuery(to: Instant(millisecondsSince1970: base + 1_000))) == ["req-1"])
            #expect(try await ids(AuditQuery(agent: "etl")) == ["req-2"])
            #expect(try await ids(AuditQuery(agent: "user-1")) == ["req-1"])
            #expect(try await ids(AuditQuery(entity: "Observation/lab-7")) == ["req-3", "req-2"])
            #expect(try await ids(AuditQuery(patient: "2", limit: 1)) == ["req-3"])
            #expect(try await ids(AuditQuery(patient: "2", before: 3)) == ["req-2"])
            #expect(try await ids(AuditQuery(agent: "app", entity: "Patient/1")) == ["req-1"])
            #expect(try await ids(AuditQuery(patient: "9")) == [])
        },
        .init(name: "pruning removes old records, anchors the chain and records itself") { store in
            let base: Int64 = 1_795_132_800_000
            try await store.appendAudit((1...4).map { record($0, at: base + Int64($0) * 1_000, entities: ["Patient/\($0)"]) })
            let prune = AuditRecord(recordedAt: Instant(millisecondsSince1970: base + 10_000), requestID: "prune",
                                    interaction: "audit-prune", status: 200, durationMicroseconds: 0)
            #expect(try await store.pruneAudit(recordedBefore: Instant(millisecondsSince1970: base + 3_000), record: prune) == 2)
            let page = try await store.auditChain(after: 0, limit: 10)
            #expect(page.records.map(\.sequence) == [3, 4, 5])
            #expect(page.anchorSequence == 2)
            #expect(page.records.last?.record.interaction == "audit-prune")
            #expect(try await chainHolds(store))
            #expect(try await store.auditRecords(AuditQuery(entity: "Patient/1")).isEmpty)
            #expect(try await store.pruneAudit(recordedBefore: Instant(millisecondsSince1970: base), record: prune) == 0)
            #expect(try await store.auditChain(after: 0, limit: 10).records.count == 3)
        },
    ]
}
