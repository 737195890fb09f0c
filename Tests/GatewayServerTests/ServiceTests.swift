import Foundation
import GatewayServer
import HTTPTypes
import HummingbirdTesting
import NativeModel
import Store
import StoreFactory
import StoreSQLite
import Testing

@Suite struct ServiceTests {
    @Test func healthAndReadinessAnswer() async throws {
        try await TestGateway.run { client, _ in
            let health = try await client.send(.get, "/health")
            #expect(health.status == .ok)
            #expect(health.json["status"] as? String == "up")
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == .ok)
            #expect(ready.json["status"] as? String == "ready")
        }
    }

    /// The application `serve` builds: a file database, the committed samples loaded on first start
    /// and never again, data kept across restarts.
    @Test func theServedApplicationLoadsSamplesOnceAndKeepsDataAcrossRestarts() async throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = StoreLocation.sqlite(path: directory.appendingPathComponent("gateway.sqlite").path)
        let configuration = GatewayConfiguration(samplesPath: repository.appendingPathComponent("Samples/population.ndjson").path)

        try await buildApplication(configuration, opened: StoreFactory.open(database)).test(.router) { client in
            try await client.waitUntilReady()
            let users = try await client.send(.get, "/api/v1/users?limit=1000")
            #expect(users.items.count == 30)
            #expect(try await client.send(.delete, "/api/v1/users/30").status == .noContent)
            #expect(try await client.send(.post, "/api/v1/users", json: Bodies.user).status == .created)
        }
        try await buildApplication(configuration, opened: StoreFactory.open(database)).test(.router) { client in
            try await client.waitUntilReady()
            let users = try await client.send(.get, "/api/v1/users?limit=1000")
            let emails = users.items.compactMap { $0["email"] as? String }
            #expect(emails.count == 30, "29 samples and the added user; the deleted one stays deleted")
            #expect(emails.contains("ana.silva@example.org"))
            let steps = try await client.send(.get, "/api/v1/users/1/activities?limit=1")
            #expect(steps.items.count == 1)
        }
    }
}
