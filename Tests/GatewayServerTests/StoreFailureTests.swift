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

    /// Every kind of route, FHIR and native, answers a store fault or outage with a fixed text: the
    /// database's words never reach a client, in any status, format or operation.
    @Test(arguments: [StoreError.fault("SQLITE_CORRUPT secret_table"), .unavailable("SQLITE_BUSY secret_table")])
    func noRouteRevealsTheStoresWords(_ error: StoreError) async throws {
        try await Self.run(error) { client in
            let requests: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/fhir/Patient/1", nil), (.get, "/fhir/Patient?name=ana", nil), (.get, "/fhir/Observation?code=2339-0", nil),
                (.get, "/fhir/Observation/lab-1?_format=xml", nil), (.get, "/fhir/Patient/1/_history", nil),
                (.get, "/fhir/_history", nil), (.get, "/fhir/Patient/1/$health-score?asOf=2026-11-15", nil),
                (.get, "/fhir/Observation/$stats?code=2339-0&statistic=average", nil), (.get, "/fhir/Observation/$lastn?patient=1", nil),
                (.post, "/fhir/Patient", #"{"resourceType":"Patient","name":[{"family":"Silva"}]}"#),
                (.post, "/fhir", #"{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"POST","url":"Patient"},"resource":{"resourceType":"Patient"}}]}"#),
                (.delete, "/fhir/Patient/1", nil),
                (.get, "/api/v1/users/1/activities", nil), (.get, "/get_health_score?user_id=1", nil),
                (.put, "/api/v1/users/1", Bodies.user),
            ]
            for (method, path, body) in requests {
                let response = try await client.send(method, path, json: body,
                                                     contentType: path.hasPrefix("/fhir") ? "application/fhir+json" : "application/json")
                #expect([.internalServerError, .serviceUnavailable].contains(response.status), "\(method) \(path): \(response.bodyText)")
                #expect(!response.bodyText.contains("secret") && !response.bodyText.contains("SQLITE"),
                        "\(method) \(path): \(response.bodyText)")
            }
        }
    }
}
