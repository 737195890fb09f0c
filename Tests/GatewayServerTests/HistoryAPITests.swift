import Foundation
@testable import GatewayServer
import HTTPTypes
import HummingbirdTesting
import Logging
import NativeModel
import Store
import StoreSQLite
import Testing

@Suite struct HistoryAPITests {
    @Test func aUsersHistoryListsEveryVersionNewestFirstAlsoAfterDeletion() async throws {
        try await TestGateway.run { client, _ in
            let id = try #require(try await client.send(.post, "/api/v1/users", json: Bodies.user).json["id"] as? Int)
            _ = try await client.send(.patch, "/api/v1/users/\(id)", json: #"{"given_name":"Ana Maria"}"#)
            _ = try await client.send(.patch, "/api/v1/users/\(id)", json: #"{"phone":null}"#)
            let history = try await client.send(.get, "/api/v1/users/\(id)/history")
            #expect(history.status == .ok)
            #expect(history.items.compactMap { $0["version"] as? Int } == [3, 2, 1])
            #expect(history.items.compactMap { $0["change"] as? String } == ["updated", "updated", "created"])
            let records = history.items.compactMap { $0["record"] as? [String: Any] }
            #expect(records.map { $0["given_name"] as? String } == ["Ana Maria", "Ana Maria", "Ana"])
            #expect(records.map { $0["phone"] != nil } == [false, true, true])

            #expect(try await client.send(.delete, "/api/v1/users/\(id)").status == .noContent)
            let afterDeletion = try await client.send(.get, "/api/v1/users/\(id)/history?limit=2")
            #expect(afterDeletion.status == .ok)
            #expect(afterDeletion.items.compactMap { $0["change"] as? String } == ["deleted", "updated"])
            #expect(afterDeletion.items.first?["record"] == nil)
            let next = try #require(afterDeletion.json["next"] as? String)
            let rest = try await client.send(.get, next)
            #expect(rest.items.compactMap { $0["version"] as? Int } == [2, 1])
            #expect(rest.json["next"] == nil)
        }
    }

    @Test func aUserThatNeverExistedHasNoHistory() async throws {
        try await TestGateway.run { client, _ in
            let response = try await client.send(.get, "/api/v1/users/4242/history")
            #expect(response.status == .notFound)
            #expect(response.error["code"] as? String == "not_found")
        }
    }

    @Test func thePrunerForgetsVersionsOlderThanTheRetentionAndKeepsCurrentRows() async throws {
        // Everything this store writes is recorded three days ago.
        let store = try SQLiteStore.inMemory(clock: { Instant.now().adding(minutes: -3 * 1440) })
        let id = try #require(try await store.apply([.createUser(UserRecord(email: "p@example.org"))]).first).id
        try await store.apply([.updateUser(id: id, UserRecord(email: "q@example.org"))])
        func versions() async throws -> [Int] {
            try await store.history(of: .users, id: id, page: PageRequest(limit: 10)).items.map(\.version)
        }
        await HistoryPruner(store: store, retentionDays: 7, logger: Logger(label: "test")).pruneOnce()
        #expect(try await versions() == [2, 1])
        await HistoryPruner(store: store, retentionDays: 1, logger: Logger(label: "test")).pruneOnce()
        #expect(try await versions() == [2])
        #expect(try await store.user(id: id)?.record.email == "q@example.org")
    }

    /// Shutting down cancels the pruner mid-sleep; it must end (not throw, which would fail the server).
    @Test(.timeLimit(.minutes(1)))
    func thePrunerEndsWhenTheServerShutsDown() async throws {
        let pruner = HistoryPruner(store: try SQLiteStore.inMemory(), retentionDays: 1, logger: Logger(label: "test"),
                                   interval: .seconds(3600))
        let running = Task { await pruner.run() }
        try await Task.sleep(for: .milliseconds(50))
        running.cancel()
        await running.value
    }
}
