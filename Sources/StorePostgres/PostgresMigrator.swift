import Foundation
import NativeModel
import PostgresNIO
import Store

/// Applies `PostgresMigrations` in order, each in its own transaction with its record in
/// `schema_migrations`, under a session advisory lock so that nodes starting together apply each once.
struct PostgresMigrator {
    let store: PostgresStore

    func migrate() async throws {
        try await store.connection { connection in
            try await connection.run(SQLFragment("SELECT pg_advisory_lock(?)", [.integer(PostgresMigrations.lockKey)]))
            do {
                try await connection.run(SQLFragment(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)"))
                let applied = Set(try await Self.applied(on: connection))
                for migration in PostgresMigrations.all where !applied.contains(migration.identifier) {
                    try await connection.withTransaction(logger: store.logger) { connection in
                        for statement in Self.statements(of: migration.sql) {
                            try await connection.run(SQLFragment(statement))
                        }
                        try await connection.run(SQLFragment(
                            "INSERT INTO schema_migrations (identifier, applied_at) VALUES (?, ?)",
                            [.text(migration.identifier), .integer(store.clock().millisecondsSince1970)]))
                    }
                }
            } catch {
                try? await connection.run(SQLFragment("SELECT pg_advisory_unlock(?)", [.integer(PostgresMigrations.lockKey)]))
                throw error
            }
            try await connection.run(SQLFragment("SELECT pg_advisory_unlock(?)", [.integer(PostgresMigrations.lockKey)]))
        }
    }

    func applied() async throws -> [String] {
        try await store.connection { connection in try await Self.applied(on: connection) }
    }

    private static func applied(on connection: PostgresConnection) async throws -> [String] {
        let exists = try await connection.integer(SQLFragment(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' "
                + "AND table_schema = current_schema()")) ?? 0
        guard exists > 0 else { return [] }
        return try await connection.rows(SQLFragment("SELECT identifier FROM schema_migrations ORDER BY identifier"))
            .compactMap { row in
                if case .text(let identifier) = row.first { return identifier }
                return nil
            }
    }

    /// The statements of a migration, one per `;` at the end of a line (the extended protocol takes one
    /// statement at a time; the migrations write no `;` inside a statement).
    static func statements(of sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
            .filter { !$0.isEmpty }
    }
}
