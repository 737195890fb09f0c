import GRDB
import NativeModel
import Store
@testable import StoreSQLite
import Testing

/// Migration 0010 on a file written before it: identifiers and emails become shareable without losing
/// any, and the source records imports remembered in metadata move to `user_sources`.
@Suite struct SQLiteSharedIdentifierMigrationTests {
    @Test func aFileFromBeforeKeepsItsIdentifiersAndItsImportedRecords() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("before-0010.sqlite")
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "0009-source-keys-per-owner")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO users (id, email, created_at, updated_at) VALUES (1, 'a@example.org', 0, 0), (2, 'b@example.org', 0, 0);
                INSERT INTO user_identifiers (user_id, system, value) VALUES (1, 'urn:mrn', 'M-1'), (2, 'urn:mrn', 'M-2');
                INSERT INTO store_metadata (key, value) VALUES ('import-subject/Patient/ehr-2', 'urn:mrn|M-2'),
                    ('import-subject/Patient/lost', 'urn:mrn|nobody'), ('samples', 'loaded');
                """)
        }
        try queue.close()

        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedMigrations() == SQLiteStore.knownMigrations)
        #expect(try await store.user(id: 1)?.record.identifiers == [ExternalIdentifier(system: "urn:mrn", value: "M-1")])
        #expect(try await store.metadata(prefix: "import-subject/").isEmpty)
        #expect(try await store.metadata("samples") == "loaded")
        let outcome = try #require(try await store.apply([
            .createMeasurement(VitalSignRecord(measuredAt: OffsetDateTime(Instant(millisecondsSince1970: 1_700_000_000_000),
                                                                          utcOffsetMinutes: 0),
                                               kind: .heartRate, value: 61, source: "test"),
                               owner: .sourceRecord("Patient/ehr-2", elseID: nil)),
        ]).first)
        #expect(outcome.userID == 2, "the remembered record names the user its identifier named")
        var shared = UserRecord(email: "A@example.org", identifiers: [ExternalIdentifier(system: "urn:mrn", value: "M-1")])
        shared.givenName = "Sibling"
        let sibling = try #require(try await store.apply([.createUser(shared)]).first)
        #expect(sibling.id == 3, "an email and an identifier another user has are no longer a conflict")
    }
}
