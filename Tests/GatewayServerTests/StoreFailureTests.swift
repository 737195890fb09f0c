import GatewayServer
import HTTPTypes
import HummingbirdTesting
import Store
import Testing

/// When the database fails, clients get 503 (try again) or 500, never the internals.
@Suite struct StoreFailureTests {
    static func run(_ error: StoreError, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await buildApplication(GatewayConfiguration(), store: FailingStore(error: error)).test(.router, test)
    }

    @Test func anUnavailableDatabaseMakesTheGatewayNotReadyButAlive() async throws {
        try await Self.run(.unavailable("disk gone")) { client in
            #expect(try await client.send(.get, "/health").status == .ok)
            let ready = try await client.send(.get, "/ready")
            #expect(ready.status == .serviceUnavailable)
            #expect(ready.error["code"] as? String == "not_ready")
            let read = try await client.send(.get, "/api/v1/users/1")
            #expect(read.status == .serviceUnavailable)
            #expect(read.error["code"] as? String == "unavailable")
            #expect(!read.bodyText.contains("disk gone"))
        }
    }

    @Test func aFaultOfTheStoreIsA500ThatRevealsNothing() async throws {
        try await Self.run(.fault("SQL near 'SELECT secret'")) { client in
            let response = try await client.send(.post, "/api/v1/users", json: Bodies.user)
            #expect(response.status == .internalServerError)
            #expect(response.error["code"] as? String == "internal_error")
            #expect(response.error["message"] as? String == "the server failed to handle the request")
            #expect(!response.bodyText.contains("secret"))
        }
    }
}
