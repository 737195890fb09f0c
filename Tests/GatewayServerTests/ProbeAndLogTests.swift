import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Logging
import Store
import StoreTestSupport
import Synchronization
import Testing

/// The probes through each phase of a node's life, the request id, and the access log's lines.
@Suite struct ProbeAndLogTests {
    /// The lines a test's logger wrote, parsed.
    final class LogLines: Sendable {
        private let raw = Mutex("")

        var text: String { raw.withLock { $0 } }
        /// Each line as a JSON object (an unparsable one as `["unparsed": line]`, which no check matches).
        var parsed: [[String: Any]] {
            text.split(separator: "\n").map { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? ["unparsed": String(line)]
            }
        }

        func logger() -> Logger {
            Logger(label: "health-gateway") { label in
                JSONLogHandler(label: label) { [self] bytes, _ in raw.withLock { $0 += String(decoding: bytes, as: UTF8.self) } }
            }
        }
    }

    private func run(readiness: Readiness, log: LogLines = LogLines(), accessLog: Bool = false,
                     _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var configuration = GatewayConfiguration(samplesPath: nil, clock: { TestGateway.now })
        configuration.accessLog = accessLog
        let settled = configuration
        try await TestStores.withStore { store in
            let application = Application(router: Self.router(settled, store: store, readiness: readiness), logger: log.logger())
            try await application.test(.router) { client in try await test(client) }
        }
    }

    private static func router<Store: HealthStore>(_ configuration: GatewayConfiguration, store: Store,
                                                   readiness: Readiness) -> Router<GatewayRequestContext> {
        buildRouter(configuration, store: store, readiness: readiness)
    }

    @Test func livenessAnswersWhileStartingAndEverythingElseWaitsWithRetryAfter() async throws {
        let readiness = Readiness()
        try await run(readiness: readiness) { client in
            for path in ["/livez", "/health"] {
                let live = try await client.send(.get, path)
                #expect(live.status == .ok && live.json["status"] as? String == "up")
            }
            for path in ["/readyz", "/ready"] {
                let starting = try await client.send(.get, path)
                #expect(starting.status == .serviceUnavailable)
                #expect(starting.headers[.retryAfter] == "1")
                #expect((starting.json["error"] as? [String: Any])?["code"] as? String == "starting")
            }
            let fhir = try await client.send(.get, "/fhir/Patient/1")
            #expect(fhir.status == .serviceUnavailable && fhir.headers[.retryAfter] == "1")
            #expect(fhir.json["resourceType"] as? String == "OperationOutcome")
            #expect(fhir.bodyText.contains("\"code\":\"transient\"") && fhir.bodyText.contains("starting"))
            let native = try await client.send(.get, "/api/v1/users")
            #expect(native.status == .serviceUnavailable && native.headers[.retryAfter] == "1")
            #expect((native.json["error"] as? [String: Any])?["status"] as? Int == 503)

            readiness.markReady()
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == .ok && ready.json["status"] as? String == "ready")
            #expect(try await client.send(.get, "/api/v1/users").status == .ok)

            readiness.beginDraining()
            let draining = try await client.send(.get, "/readyz")
            #expect(draining.status == .serviceUnavailable && draining.headers[.retryAfter] == "5")
            #expect((draining.json["error"] as? [String: Any])?["code"] as? String == "shutting_down")
            #expect(try await client.send(.get, "/api/v1/users").status == .ok, "a draining node still answers")
            #expect(try await client.send(.get, "/livez").status == .ok)
            readiness.markReady()
            #expect(try await client.send(.get, "/readyz").status == .serviceUnavailable, "draining is for good")
        }
    }

    @Test func theRequestIDIsTheCallersWhenValidAndANewOneOtherwise() async throws {
        try await run(readiness: Readiness(.ready)) { client in
            let kept = try await client.execute(uri: "/fhir/metadata", method: .get,
                                                headers: [HTTPField.Name("X-Request-ID")!: "lb-7f3a:42"])
            #expect(kept.headers[HTTPField.Name("X-Request-ID")!] == "lb-7f3a:42")
            for bad in ["has space", String(repeating: "a", count: 129), "line\u{7F}break", ""] {
                let replaced = try await client.execute(uri: "/api/v1/users/999", method: .get,
                                                        headers: [HTTPField.Name("X-Request-ID")!: bad])
                let id = try #require(replaced.headers[HTTPField.Name("X-Request-ID")!])
                #expect(id != bad && id.count == 32 && id.allSatisfy(\.isHexDigit), "\(id)")
            }
            let unknown = try await client.send(.get, "/no/such/route")
            #expect(unknown.status == .notFound && unknown.headers[HTTPField.Name("X-Request-ID")!]?.count == 32)
        }
    }

    /// One line per request with its route template, status, duration and id; no query values, no
    /// ids from the path, nothing from the body. The request's other lines carry the same id.
    @Test func theAccessLogHasOneLinePerRequestWithTheRouteButNoValues() async throws {
        let log = LogLines()
        try await run(readiness: Readiness(.ready), log: log, accessLog: true) { client in
            let headers: HTTPFields = [HTTPField.Name("X-Request-ID")!: "search-1"]
            let search = try await client.execute(uri: "/fhir/Patient?name=Zebediah&birthdate=1961-04-02", method: .get,
                                                  headers: headers)
            #expect(search.status == .ok)
            let created = try await client.execute(uri: "/api/v1/users", method: .post,
                                                   headers: [.contentType: "application/json",
                                                             HTTPField.Name("X-Request-ID")!: "create-1"],
                                                   body: ByteBuffer(string: Bodies.user))
            #expect(created.status == .created)
        }
        let lines = log.parsed
        let access = lines.filter { $0["message"] as? String == "request" }
        #expect(access.count == 2, "\(log.text)")
        let search = try #require(access.first { $0["request_id"] as? String == "search-1" })
        #expect(search["method"] as? String == "GET" && search["route"] as? String == "/fhir/{type}")
        #expect(search["status"] as? Int == 200 && (search["bytes"] as? Int ?? 0) > 0)
        #expect(search["duration_ms"] is Double || search["duration_ms"] is Int)
        #expect(search["level"] as? String == "info" && search["time"] is String && search["logger"] as? String == "health-gateway")
        let create = try #require(access.first { $0["request_id"] as? String == "create-1" })
        #expect(create["route"] as? String == "/api/v1/users" && create["status"] as? Int == 201)
        for value in ["Zebediah", "1961-04-02", "ana.silva", "Silva"] {
            #expect(!log.text.contains(value), "the log holds '\(value)': \(log.text)")
        }
    }

    /// A request's warning carries its id, so the access line and the cause can be joined.
    @Test func aRequestsOtherLogLinesCarryItsID() async throws {
        let log = LogLines()
        try await run(readiness: Readiness(), log: log, accessLog: true) { client in
            _ = try await client.execute(uri: "/fhir/Patient/1", method: .get, headers: [HTTPField.Name("X-Request-ID")!: "early-1"])
        }
        let lines = log.parsed.filter { $0["request_id"] as? String == "early-1" }
        #expect(lines.contains { $0["level"] as? String == "warning" && ($0["message"] as? String ?? "").contains("503") })
        #expect(lines.contains { $0["message"] as? String == "request" && $0["status"] as? Int == 503 })
    }
}
