import Foundation
@testable import GatewayServer
import HTTPTypes
import HummingbirdTesting
import Logging
import NativeModel
import Store
import StoreSQLite
import StoreTestSupport
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

    /// Prunes as the server's pruner does at `TestGateway.now`.
    static func prune(_ store: some HealthStore, retentionDays: Int) async {
        await HistoryPruner(store: store, retentionDays: retentionDays, logger: Logger(label: "test"), clock: { TestGateway.now })
            .pruneOnce()
    }

    @Test func thePrunerForgetsVersionsOlderThanTheRetentionAndKeepsCurrentRows() async throws {
        // Everything this store writes is recorded three days before the pruner's now.
        try await TestStores.withStore(clock: { TestGateway.now.adding(minutes: -3 * 1440) }) { store in
            let id = try #require(try await store.apply([.createUser(UserRecord(email: "p@example.org"))]).first).id
            try await store.apply([.updateUser(id: id, UserRecord(email: "q@example.org"))])
            func versions() async throws -> [Int] {
                try await store.history(of: .users, id: id, page: PageRequest(limit: 10)).items.map(\.version)
            }
            await Self.prune(store, retentionDays: 7)
            #expect(try await versions() == [2, 1])
            await Self.prune(store, retentionDays: 1)
            #expect(try await versions() == [2])
            #expect(try await store.user(id: id)?.record.email == "q@example.org")
        }
    }

    /// A deleted Patient's id never names anyone else, also after the pruner forgot the deletion:
    /// `PUT Patient/{id}` (update-as-create) is refused.
    @Test func aDeletedPatientsIdStaysRetiredAfterPruning() async throws {
        try await TestStores.withStore(clock: { TestGateway.now.adding(minutes: -3 * 1440) }) { store in
            let application = buildApplication(GatewayConfiguration(clock: { TestGateway.now }), store: store)
            try await application.test(.router) { client in
                let patient = #"{"resourceType":"Patient","id":"777","name":[{"family":"Retired"}]}"#
                #expect(try await client.fhir(.put, "Patient/777", body: patient).status == .created)
                #expect(try await client.fhir(.delete, "Patient/777").status == .ok)
                await Self.prune(store, retentionDays: 1)
                #expect(try await client.fhir(.get, "Patient/777/_history").status == .notFound, "history forgot it")
                let again = try await client.fhir(.put, "Patient/777", body: patient)
                #expect(again.status == .conflict, "\(again.bodyText)")
                #expect(again.firstIssue.diagnostics.contains("ids are never reused"), "\(again.bodyText)")
                #expect(try await client.fhir(.get, "Patient/777").status != .ok)
            }
        }
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
