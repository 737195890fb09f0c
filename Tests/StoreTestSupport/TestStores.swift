import Foundation
public import NativeModel
public import Store
import StoreSQLite

/// The store engine the HTTP suites run on: `HEALTH_GATEWAY_TEST_ENGINE`, `sqlite` (the default: a
/// private in-memory database per test) or `postgres` (a schema of its own per test in the cluster
/// scripts/test starts). scripts/test runs the HTTP suites once on each.
public enum TestStores {
    public enum Engine: String, Sendable {
        case sqlite, postgres
    }

    public static let variable = "HEALTH_GATEWAY_TEST_ENGINE"

    /// The engine the environment asks for; an unknown name fails the test rather than falling back.
    public static func engine() throws -> Engine {
        guard let name = ProcessInfo.processInfo.environment[variable], !name.isEmpty else { return .sqlite }
        guard let engine = Engine(rawValue: name) else {
            throw StoreError.unavailable("\(variable)='\(name)' is neither sqlite nor postgres")
        }
        return engine
    }

    /// Runs `body` with an empty, migrated store of the engine the environment asks for, removed
    /// afterwards.
    public static func withStore<T: Sendable>(clock: @escaping @Sendable () -> Instant = { Instant.now() },
                                              _ body: @Sendable (any HealthStore) async throws -> T) async throws -> T {
        switch try engine() {
        case .sqlite: return try await body(SQLiteStore.inMemory(clock: clock))
        case .postgres: return try await PostgresTestCluster.withStore(clock: clock) { store in try await body(store) }
        }
    }
}
