import Store
import StoreContractKit
import StorePostgres
import StoreTestSupport
import Testing

/// The store contract against PostgreSQL: the same checks the SQLite store passes.
@Suite struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.checks)
    func contract(_ check: StoreContract.Check) async throws {
        try await PostgresTestCluster.withStore { store in try await check.run(store) }
    }
}
