import Foundation
import GRDB
import NativeModel
import Store
import StoreSQLite
import Testing

@Suite struct SQLiteMigrationTests {
    @Test func aNewFileIsCreatedWithItsDirectoryAndFullyMigrated() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("nested/dir/new.sqlite")
        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await store.appliedMigrations() == SQLiteStore.knownMigrations)
        let counts = try await store.rowCounts()
        #expect(Set(counts.keys) == Set(NativeTable.allCases))
        #expect(counts.values.allSatisfy { $0 == 0 })
    }

    @Test func reopeningAMigratedFileKeepsItsDataAndAppliesNothingTwice() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("gateway.sqlite")
        let first = try SQLiteStore(path: path)
        try await first.apply([.createUser(UserRecord(email: "kept@example.org"))])
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.appliedMigrations() == SQLiteStore.knownMigrations)
        #expect(try await reopened.user(id: 1)?.record.email == "kept@example.org")
    }

    /// The schema's own guards: WAL journal, foreign keys, and CHECK constraints that refuse an
    /// impossible value even from a writer that skips the domain rules.
    @Test func theSchemaRefusesImpossibleValuesWhateverTheWriter() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("raw.sqlite")
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            try db.execute(sql: "INSERT INTO users (email, created_at, updated_at) VALUES ('a@example.org', 0, 0)")
            let impossible = [
                "INSERT INTO physical_activity (user_id, start_time, end_time, utc_offset_minutes, steps, source, created_at, updated_at) VALUES (1, 0, 1000, 0, -5, 'app', 0, 0)",
                "INSERT INTO sleep (user_id, start_time, end_time, utc_offset_minutes, source, created_at, updated_at) VALUES (1, 1000, 0, 0, 'app', 0, 0)",
                "INSERT INTO blood_tests (user_id, measured_at, utc_offset_minutes, analyte, value, source, created_at, updated_at) VALUES (1, 0, 0, 'glucose', 10000, 'app', 0, 0)",
                "INSERT INTO blood_tests (user_id, measured_at, utc_offset_minutes, analyte, value, source, created_at, updated_at) VALUES (1, 0, 0, 'sugar', 90, 'app', 0, 0)",
                "INSERT INTO vital_signs (user_id, measured_at, utc_offset_minutes, kind, systolic, diastolic, source, created_at, updated_at) VALUES (1, 0, 0, 'blood_pressure', 80, 120, 'app', 0, 0)",
                "INSERT INTO vital_signs (user_id, measured_at, utc_offset_minutes, kind, value, source, created_at, updated_at) VALUES (99, 0, 0, 'heart_rate', 60, 'app', 0, 0)",
                "INSERT INTO users (email, gender, created_at, updated_at) VALUES ('b@example.org', 'robot', 0, 0)",
            ]
            for sql in impossible {
                #expect(throws: DatabaseError.self, "\(sql)") { try db.execute(sql: sql) }
            }
        }
    }
}
