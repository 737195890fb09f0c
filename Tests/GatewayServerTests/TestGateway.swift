import Foundation
import GatewayServer
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Interactions
import NativeModel
import Store
import StoreTestSupport
import Testing

/// Runs a test against the application over a fresh, empty store of the engine the environment names
/// (`HEALTH_GATEWAY_TEST_ENGINE`: in-memory SQLite by default, a PostgreSQL schema of its own).
enum TestGateway {
    static let maxBodySize = 8_192
    /// What the gateway takes as now in tests: 2026-11-20T00:00:00Z, a few days after the fixtures'
    /// measurements. Pinned, so `date=ap…` windows and default scoring windows are the same on any day.
    static let now = Instant(millisecondsSince1970: 1_795_132_800_000)

    static func run(maxBodySize: Int = Self.maxBodySize, importLimits: ImportLimits = ImportLimits(),
                    configure: (inout GatewayConfiguration) -> Void = { _ in },
                    _ test: @escaping @Sendable (any TestClientProtocol, any HealthStore) async throws -> Void) async throws {
        var configuration = GatewayConfiguration(maxBodySize: maxBodySize, importLimits: importLimits, clock: { now })
        configure(&configuration)
        let settled = configuration
        try await TestStores.withStore { store in
            let application = buildApplication(settled, store: store)
            try await application.test(.router) { client in try await test(client, store) }
        }
    }
}

extension TestClientProtocol {
    /// Waits for `/readyz` to answer 200: the application `serve` builds listens at once and does its
    /// start-up work (migrations, samples, resuming jobs) while it answers 503.
    func waitUntilReady() async throws {
        for _ in 0..<600 {
            if try await execute(uri: "/readyz", method: .get).status == .ok { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the application did not get ready within 30 s")
    }

    /// Sends `body` as JSON (or with the given content type) and returns the response.
    func send(_ method: HTTPRequest.Method, _ uri: String, json body: String? = nil,
              contentType: String = "application/json") async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if body != nil { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The `error` member of an error body.
    var error: [String: Any] { json["error"] as? [String: Any] ?? [:] }

    var items: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }

    var bodyText: String { String(buffer: body) }
}

/// Records valid by every rule, as the native API's JSON.
enum Bodies {
    static let user = #"{"email":"ana.silva@example.org","given_name":"Ana","family_name":"Silva","gender":"female","birth_date":"1984-03-09","phone":"+351 21 555 0101","identifiers":[{"system":"urn:oid:2.16.840.1.113883.3.9999.1","value":"MRN-77"}]}"#
    static let activity = #"{"start":"2026-11-01T00:00:00+01:00","end":"2026-11-02T00:00:00+01:00","steps":9120,"distance_m":6800,"active_minutes":52,"energy_kcal":410}"#
    static let sleep = #"{"start":"2026-11-01T23:10:00+01:00","end":"2026-11-02T06:40:00+01:00","deep_minutes":85,"light_minutes":250,"rem_minutes":95,"awake_minutes":20}"#
    static let bloodTest = #"{"measured_at":"2026-11-03T08:05:00+01:00","analyte":"glucose","value":94,"unit":"mg/dL","fasting":true}"#
    static let vital = #"{"measured_at":"2026-11-03T07:30:00+01:00","kind":"blood_pressure","systolic":124,"diastolic":81}"#
}
