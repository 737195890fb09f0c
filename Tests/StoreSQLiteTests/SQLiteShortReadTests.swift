import GRDB
import NativeModel
import Store
import StoreContractKit
@testable import StoreSQLite
import Testing

/// The short reads of a file store: on connections of their own, on the calling thread, never
/// waiting for a connection, and read straight from SQLite into column values.
@Suite struct SQLiteShortReadTests {
    /// A migrated database file with one user.
    func database(_ directory: TemporaryDirectory) async throws -> (path: String, store: SQLiteStore) {
        let path = directory.path("short.sqlite")
        let store = try SQLiteStore(path: path)
        _ = try await store.apply([.createUser(ContractFixtures.user(1))])
        return (path, store)
    }

    @Test func aReadThatFindsEveryConnectionTakenReturnsNilInsteadOfWaiting() async throws {
        let directory = try TemporaryDirectory()
        let (path, _) = try await database(directory)
        let readers = try ShortReaders(path: path, count: 1)
        let nested = try readers.read { _ in try readers.read { db in try Int.fetchOne(db, sql: "SELECT 1") } }
        #expect(nested == .some(nil))  // the outer read ran, the inner one found no free connection
        let again = try readers.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") }
        #expect(again == 1)  // the connection came back
    }

    @Test func theConnectionsAreReadOnly() async throws {
        let directory = try TemporaryDirectory()
        let (path, store) = try await database(directory)
        let readers = try ShortReaders(path: path, count: 1)
        #expect(throws: DatabaseError.self) {
            _ = try readers.read { db in try db.execute(sql: "DELETE FROM users") }
        }
        #expect(try await store.user(id: 1) != nil)
    }

    /// Each short read is a transaction of its own: it sees every write committed before it began.
    @Test func aShortReadSeesTheWriteJustCommitted() async throws {
        let directory = try TemporaryDirectory()
        let (_, store) = try await database(directory)
        for n in 2...20 {
            let outcomes = try await store.apply([.createUser(ContractFixtures.user(n))])
            let id = try #require(outcomes.first?.id)
            #expect(try await store.user(id: id)?.record.email == "user\(n)@example.org")
        }
    }

    /// More reads at once than there are short readers: the rest take GRDB's async read, and every
    /// one answers.
    @Test func concurrentReadsBeyondTheShortReadersAllAnswer() async throws {
        let directory = try TemporaryDirectory()
        let (_, store) = try await database(directory)
        let found = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask { try await store.user(id: 1)?.record.familyName == "Family1" }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(found == 200)
    }

    @Test func rowsAreReadAsColumnValuesOfEveryStorageClass() throws {
        let queue = try DatabaseQueue()
        let rows = try queue.read { db in
            try SQLiteRows.all(db.makeStatement(sql: "SELECT 1, 2.5, 'é', NULL, ? UNION ALL SELECT 3, NULL, '', x'00', ?"),
                               ["a", 7])
        }
        #expect(rows == [[.integer(1), .real(2.5), .text("é"), .null, .text("a")],
                         [.integer(3), .null, .text(""), .null, .integer(7)]])
        let none = try queue.read { db in try SQLiteRows.one(db.makeStatement(sql: "SELECT 1 WHERE 0"), []) }
        #expect(none == nil)
    }
}
