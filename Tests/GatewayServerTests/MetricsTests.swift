import Foundation
@testable import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NativeModel
import Store
import StoreSQLite
import Synchronization
import Testing

/// `/metrics` in-process: the series a request moves, the labels kept bounded, the refusals counted by
/// reason, public under authorization. (`Tests/Clients/metrics_check.py` reads it with Prometheus' own
/// parser against the real binary.)
@Suite struct MetricsTests {
    /// The value of one sample line of the text format, found by its name and label text.
    private func sample(_ text: String, _ name: String, _ labels: [String]) -> Double {
        text.split(separator: "\n").filter { line in
            line.hasPrefix(name + "{") && labels.allSatisfy { line.contains($0) }
        }.compactMap { line in line.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    @Test func interactionsAndTypesComeFromTheRouteNotTheValues() {
        func interaction(_ method: HTTPRequest.Method, _ route: String?, _ path: String) -> String {
            RequestLabels.interaction(method: method, route: route, path: path)
        }
        #expect(interaction(.get, "/fhir/{type}/{id}", "/fhir/Patient/7") == "read")
        #expect(interaction(.get, "/fhir/{type}/{id}", "/fhir/Patient/$health-score-population") == "$health-score-population")
        #expect(interaction(.get, "/fhir/{type}/{id}/{operation}", "/fhir/Patient/7/$everything") == "$everything")
        #expect(interaction(.get, "/fhir/{type}/{id}/{operation}", "/fhir/Patient/7/$made-up") == "operation")
        #expect(interaction(.get, "/fhir/{type}/{id}/_history/{version}", "/fhir/Patient/7/_history/2") == "vread")
        #expect(interaction(.get, "/fhir/{type}/{id}/_history", "/fhir/Patient/7/_history") == "history-instance")
        #expect(interaction(.get, "/fhir/{type}/_history", "/fhir/Patient/_history") == "history-type")
        #expect(interaction(.get, "/fhir/_history", "/fhir/_history") == "history-system")
        #expect(interaction(.get, "/fhir/{type}", "/fhir/Observation") == "search-type")
        #expect(interaction(.post, "/fhir/{type}/{id}", "/fhir/Observation/_search") == "search-type")
        #expect(interaction(.post, "/fhir/{type}", "/fhir/Observation") == "create")
        #expect(interaction(.put, "/fhir/{type}/{id}", "/fhir/Patient/7") == "update")
        #expect(interaction(.delete, "/fhir/{type}/{id}", "/fhir/Patient/7") == "delete")
        #expect(interaction(.post, "/fhir", "/fhir") == "batch-transaction")
        #expect(interaction(.get, "/fhir/metadata", "/fhir/metadata") == "capabilities")
        #expect(interaction(.get, "/api/v1/users/{userID}", "/api/v1/users/3") == "native")
        #expect(interaction(.get, "/readyz", "/readyz") == "probe")
        #expect(interaction(.get, nil, "/no/such/thing") == "unrouted")
        #expect(RequestLabels.resourceType(route: "/fhir/{type}/{id}", path: "/fhir/Observation/lab-1") == "Observation")
        #expect(RequestLabels.resourceType(route: "/fhir/{type}", path: "/fhir/Medication") == "other")
        #expect(RequestLabels.resourceType(route: "/fhir/metadata", path: "/fhir/metadata") == "none")
    }

    @Test func requestsMoveTheirSeriesAndNoLabelHoldsAValue() async throws {
        let metrics = GatewayMetrics()
        try await TestGateway.run(configure: { $0.metrics = metrics }) { client, _ in
            _ = try await client.send(.post, "/api/v1/users", json: Bodies.user)
            #expect(try await client.send(.get, "/fhir/Patient/1").status == .ok)
            #expect(try await client.send(.get, "/fhir/Patient/424242").status == .notFound)
            #expect(try await client.send(.get, "/fhir/Patient?name=Zebediah&birthdate=1961-04-02").status == .ok)
            #expect(try await client.send(.get, "/fhir/Nonsense/1").status == .notFound)
            let scraped = try await client.send(.get, "/metrics")
            #expect(scraped.status == .ok)
            #expect(scraped.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
            let text = scraped.bodyText
            let read = [#"route="/fhir/{type}/{id}""#, #"interaction="read""#, #"type="Patient""#]
            #expect(sample(text, "http_requests_total", read + [#"status="2xx""#]) == 1)
            #expect(sample(text, "http_requests_total", read + [#"status="4xx""#]) == 1)
            #expect(sample(text, "http_requests_total", [#"interaction="search-type""#, #"status="2xx""#]) == 1)
            #expect(sample(text, "http_requests_total", [#"interaction="native""#, #"status="2xx""#]) == 1)
            #expect(sample(text, "http_requests_total", [#"type="other""#, #"status="4xx""#]) == 1)
            #expect(sample(text, "http_request_duration_seconds_count", read) == 2)
            #expect(sample(text, "http_requests_in_flight", []) == 0 || text.contains("http_requests_in_flight 1"))
            for value in ["424242", "Zebediah", "1961-04-02", "Nonsense", "ana.silva"] {
                #expect(!text.contains(value), "/metrics holds '\(value)'")
            }
        }
    }

    /// The instrumented store times every call by operation and counts the ones that throw; the
    /// gateway over it answers as over the store itself, and the contract suite's store passes through.
    @Test func theStoresCallsAreTimedByOperationAndTheirErrorsCounted() async throws {
        let metrics = GatewayMetrics()
        try await TestGateway.run(configure: { $0.metrics = metrics }) { client, store in
            try await Self.callThrough(store, metrics: metrics)
            let failing = InstrumentedStore(FailingStore(error: .unavailable("down")), metrics: metrics)
            await #expect(throws: StoreError.self) { try await failing.user(id: 1) }
            let text = try await client.send(.get, "/metrics").bodyText
            #expect(sample(text, "store_call_duration_seconds_count", [#"operation="apply""#]) == 1)
            #expect(sample(text, "store_call_duration_seconds_count", [#"operation="user""#]) == 3)
            #expect(sample(text, "store_call_duration_seconds_count", [#"operation="row_counts""#]) == 1)
            #expect(sample(text, "store_call_errors_total", [#"operation="user""#]) == 1)
            #expect(sample(text, "store_call_errors_total", [#"operation="apply""#]) == 0)
        }
    }

    /// A store tells how long its calls waited for a connection; the metrics keep it by engine and access.
    @Test func poolWaitsAreToldByTheStoreAndKeptByEngineAndAccess() async throws {
        let heard = Mutex<[PoolWaits.Access]>([])
        PoolWaits.listen { access, wait in
            if wait >= .zero { heard.withLock { $0.append(access) } }
        }
        defer { PoolWaits.listen(nil) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pool-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("gateway.sqlite").path)
        try await store.apply([.createUser(UserRecord(email: "a@example.org"))])
        _ = try await store.rowCounts()
        let accesses = Set(heard.withLock { $0 })
        #expect(accesses.contains(PoolWaits.Access(engine: "sqlite", kind: "write")))
        #expect(accesses.contains(PoolWaits.Access(engine: "sqlite", kind: "read")))

        let metrics = GatewayMetrics()
        metrics.poolWaited(PoolWaits.Access(engine: "postgres", kind: "read"), .milliseconds(3))
        try await TestGateway.run(configure: { $0.metrics = metrics }) { client, _ in
            let text = try await client.send(.get, "/metrics").bodyText
            #expect(sample(text, "store_pool_wait_seconds_count", [#"engine="postgres""#, #"access="read""#]) == 1)
            #expect(sample(text, "store_pool_wait_seconds_bucket", [#"access="read""#, #"le="0.0025""#]) == 0)
            #expect(sample(text, "store_pool_wait_seconds_bucket", [#"access="read""#, #"le="0.005""#]) == 1)
        }
    }

    /// A write, two reads and a long read through an instrumented `store`.
    private static func callThrough<Store: HealthStore>(_ store: Store, metrics: GatewayMetrics) async throws {
        let instrumented = InstrumentedStore(store, metrics: metrics)
        let created = try await instrumented.apply([.createUser(UserRecord(email: "a@example.org"))])
        #expect(created.count == 1)
        _ = try await instrumented.user(id: 1)
        _ = try await instrumented.user(id: 2)
        _ = try await instrumented.longReads.rowCounts()
    }

    @Test func refusalsAreCountedByReasonAndMetricsArePublicUnderAuthorization() async throws {
        let metrics = GatewayMetrics()
        try await AuthGateway.run(configure: {
            $0.metrics = metrics
            $0.rateLimits = RateLimits(client: .init(perSecond: 0.001, burst: 1), anonymous: .init(perSecond: 1e6, burst: 1e6))
        }) { client, _ in
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .none).status == .unauthorized)
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .expired).status == .unauthorized)
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .tampered).status == .unauthorized)
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .patientOwn).status == .ok)
            #expect(try await client.call(.get, "/fhir/Patient/1", token: .patientOwn).status == .tooManyRequests)
            let scraped = try await client.call(.get, "/metrics", token: .none)
            #expect(scraped.status == .ok, "no token needed for the metrics")
            let text = scraped.bodyText
            #expect(sample(text, "auth_failures_total", [#"reason="missing""#]) == 1)
            #expect(sample(text, "auth_failures_total", [#"reason="expired""#]) == 1)
            #expect(sample(text, "auth_failures_total", [#"reason="bad_signature""#]) == 1)
            #expect(sample(text, "rate_limited_total", [#"reason="client""#]) == 1)
            #expect(!text.contains("idp.test.example") && !text.contains("client_id"), "no client or issuer in a label")
        }
    }
}
