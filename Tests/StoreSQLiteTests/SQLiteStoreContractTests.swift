import Foundation
import Store
import StoreContractKit
import StoreSQLite
import Testing

/// The store contract against both forms of the SQLite store.
@Suite struct SQLiteStoreContractTests {
    @Test(arguments: StoreContract.checks)
    func inMemory(_ check: StoreContract.Check) async throws {
        try await check.run(SQLiteStore.inMemory())
    }

    @Test(arguments: StoreContract.checks)
    func fileBacked(_ check: StoreContract.Check) async throws {
        let directory = try TemporaryDirectory()
        try await check.run(SQLiteStore(path: directory.path("contract.sqlite")))
    }
}
