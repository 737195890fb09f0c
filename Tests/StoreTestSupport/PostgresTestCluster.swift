import Foundation
public import Logging
public import NativeModel
import Store
public import StorePostgres

/// The PostgreSQL server the tests use: `HEALTH_GATEWAY_TEST_POSTGRES_URL`, which scripts/test sets
/// after starting a private cluster with `scripts/postgres` (and stops when the tests end). Without
/// it the tests fail, saying so: they never pass by skipping.
public enum PostgresTestCluster {
    public static func url() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["HEALTH_GATEWAY_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw StoreError.unavailable(
                "HEALTH_GATEWAY_TEST_POSTGRES_URL is not set: run the tests with scripts/test, which starts PostgreSQL")
        }
        return url
    }

    /// Runs `body` with a store in a schema of its own, migrated, dropped afterwards: every test sees
    /// an empty database, and tests run in parallel without meeting.
    public static func withStore<T: Sendable>(clock: @escaping @Sendable () -> Instant = { Instant.now() },
                                       _ body: @Sendable (PostgresStore) async throws -> T) async throws -> T {
        try await limit.run { try await withFreshStore(clock: clock, body) }
    }

    /// 24 stores of at most 5 connections each (4 and an administrator's) stay well inside the
    /// cluster's 200 connections, with room for the suites that open stores of their own.
    private static let limit = TestConcurrencyLimit(24)

    /// The pool's own log, errors only: its warning that a lease came before `run()` started (the
    /// lease waits for it) would otherwise fill the test output.
    public static var quietLogger: Logger {
        var logger = Logger(label: "health-gateway.postgres.test")
        logger.logLevel = .error
        return logger
    }

    private static func withFreshStore<T: Sendable>(clock: @escaping @Sendable () -> Instant,
                                                    _ body: @Sendable (PostgresStore) async throws -> T) async throws -> T {
        let url = try url()
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = try PostgresStore(url: url, poolSize: 1, logger: quietLogger)
        let store = try PostgresStore(url: url, poolSize: 4, schema: schema, logger: quietLogger, clock: clock)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await admin.run() }
            group.addTask { await store.run() }
            defer { group.cancelAll() }
            try await admin.execute(unsafeSQL: "CREATE SCHEMA \(schema)")
            do {
                try await store.migrate()
                let result = try await body(store)
                try await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
                return result
            } catch {
                try? await admin.execute(unsafeSQL: "DROP SCHEMA \(schema) CASCADE")
                throw error
            }
        }
    }
}
