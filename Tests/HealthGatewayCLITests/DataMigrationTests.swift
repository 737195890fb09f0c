import Foundation
import NativeModel
import Store
import StoreFactory
import StorePostgres
import StoreSQLite
import StoreTestSupport
import Testing

/// `migrate-data`: an SQLite database with history, deletions, identifiers and metadata arrives in
/// PostgreSQL as it was, and the PostgreSQL store goes on from there.
@Suite struct DataMigrationTests {
    @Test func everythingArrivesAsItWasAndTheTargetGoesOnFromThere() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-data-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("source.sqlite").path
        let source = try SQLiteStore(path: path)
        let created = try await source.apply([
            .createUser(UserRecord(email: "ana@example.org", givenName: "Ana", familyName: "Silva",
                                   identifiers: [ExternalIdentifier(system: "urn:mrn", value: "M-1")])),
            .createUser(UserRecord(email: "rui@example.org", familyName: "Costa")),
            .createMeasurement(VitalSignRecord(measuredAt: OffsetDateTime(Instant(millisecondsSince1970: 1_794_000_000_000),
                                                                          utcOffsetMinutes: 60),
                                               kind: .heartRate, value: 61), owner: .createdBy(operation: 0)),
            .setMetadata(key: "search-cursor-key", value: "k"),
        ])
        let (ana, rui, vital) = (created[0].id, created[1].id, created[2].id)
        try await source.apply([.updateUser(id: ana, UserRecord(email: "ana.silva@example.org", givenName: "Ana",
                                                               familyName: "Silva"))])
        try await source.apply([.deleteUser(id: rui)])

        try await withDatabase { url in
            let counts = try await DataMigration().run(from: .sqlite(path: path), to: .postgres(url: url))
            #expect(counts.allSatisfy { $0.source == $0.target })
            #expect(counts.first { $0.table == "row_history" }?.target == 3, "the update's old version and the deletion")
            let opened = try StoreFactory.open(.postgres(url: url), poolSize: 2, logger: PostgresTestCluster.quietLogger)
            try await opened.using { target in
                #expect(try await target.user(id: ana) == (try await source.user(id: ana)))
                #expect(try await target.user(id: rui) == nil)
                #expect(try await target.measurement(VitalSignRecord.self, id: vital)?.record
                    == (try await source.measurement(VitalSignRecord.self, id: vital))?.record)
                let history = try await target.history(of: .users, id: ana, page: PageRequest(limit: 10))
                #expect(history.items.map(\.version) == [2, 1])
                #expect(try await target.metadata("search-cursor-key") == "k")
                let next = try #require(try await target.apply([.createUser(UserRecord(email: "new@example.org"))]).first).id
                #expect(next > rui, "ids continue past the copied ones and a deleted id is not reused")
            }
            let again = await #expect(throws: DataMigration.Problem.self) {
                try await DataMigration().run(from: .sqlite(path: path), to: .postgres(url: url))
            }
            #expect(again.map { "\($0)" }?.contains("already holds data") == true)
        }
    }

    @Test func theSourceMustBeAnSQLiteFileAndTheTargetPostgreSQL() async throws {
        await #expect(throws: DataMigration.Problem.sourceMissing("/nonexistent/x.sqlite")) {
            try await DataMigration().run(from: .sqlite(path: "/nonexistent/x.sqlite"), to: .postgres(url: "postgresql://h/db"))
        }
        await #expect(throws: DataMigration.Problem.targetNotPostgres("y.sqlite")) {
            try await DataMigration().run(from: .sqlite(path: #filePath), to: .sqlite(path: "y.sqlite"))
        }
    }

    /// A database of its own on the test cluster, dropped afterwards.
    private func withDatabase(_ body: (String) async throws -> Void) async throws {
        let url = try PostgresTestCluster.url()
        let name = "m_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresStore(url: url, poolSize: 1, logger: PostgresTestCluster.quietLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.run() }
            defer { group.cancelAll() }
            try await admin.execute(unsafeSQL: "CREATE DATABASE \(name)")
            let base = url.hasSuffix("/postgres") ? String(url.dropLast("postgres".count)) : url + "/"
            do {
                try await body(base + name)
            } catch {
                try? await admin.execute(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
            try await admin.execute(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)")
        }
    }
}
