import Foundation
import GatewayServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StoreSQLite
import Testing

/// The base URL of links: the configured public URL; else what a trusted proxy forwards; else the Host.
/// Forwarded headers from anyone else change nothing.
@Suite struct PublicURLTests {
    static let patient = #"{"resourceType":"Patient","name":[{"family":"Ito"}],"gender":"male"}"#
    static let forwarded: HTTPFields = [HTTPField.Name("X-Forwarded-Proto")!: "https",
                                        HTTPField.Name("X-Forwarded-Host")!: "fhir.example.org, inner.proxy"]

    @Test func thePublicURLIsTheBaseOfEveryLink() async throws {
        try await TestGateway.run(configure: { $0.address = FHIRAddress(publicURL: "https://fhir.example.org/") }) { client, _ in
            let created = try await client.send(.post, "/fhir/Patient", json: Self.patient, contentType: "application/fhir+json")
            #expect(created.headers[.location] == "https://fhir.example.org/fhir/Patient/1/_history/1")
            let search = try await client.execute(uri: "/fhir/Patient?_count=1", method: .get, headers: [:], body: nil)
            let links = (search.json["link"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
            #expect(!links.isEmpty && links.allSatisfy { $0.hasPrefix("https://fhir.example.org/fhir/Patient?") }, "\(links)")
            let entry = (search.json["entry"] as? [[String: Any]])?.first?["fullUrl"] as? String
            #expect(entry == "https://fhir.example.org/fhir/Patient/1")
            let metadata = try await client.execute(uri: "/fhir/metadata", method: .get, headers: [:], body: nil)
            #expect((metadata.json["implementation"] as? [String: Any])?["url"] as? String == "https://fhir.example.org/fhir")
        }
    }

    @Test func forwardedHeadersFromAnUntrustedClientChangeNothing() async throws {
        try await TestGateway.run { client, _ in
            var headers = Self.forwarded
            headers[.contentType] = "application/fhir+json"
            let created = try await client.execute(uri: "/fhir/Patient", method: .post, headers: headers,
                                                   body: ByteBuffer(string: Self.patient))
            #expect(created.headers[.location]?.hasPrefix("http://localhost/fhir/Patient/") == true,
                    "\(created.headers[.location] ?? "no Location")")
        }
    }

    @Test func aTrustedProxysForwardedSchemeAndHostAreTheBase() async throws {
        try await TestStoresGateway.live(address: FHIRAddress(trustedProxies: ["127.0.0.1", "::1"])) { client in
            var headers = Self.forwarded
            headers[.contentType] = "application/fhir+json"
            let created = try await client.execute(uri: "/fhir/Patient", method: .post, headers: headers,
                                                   body: ByteBuffer(string: Self.patient))
            #expect(created.headers[.location]?.hasPrefix("https://fhir.example.org/fhir/Patient/") == true,
                    "\(created.headers[.location] ?? "no Location")")
            headers[HTTPField.Name("X-Forwarded-Host")!] = "evil.example/path?x"
            let odd = try await client.execute(uri: "/fhir/Patient", method: .post, headers: headers,
                                               body: ByteBuffer(string: Self.patient))
            #expect(odd.headers[.location]?.contains("evil.example") == false, "a host that is not one is ignored")
            #expect(odd.headers[.location]?.hasPrefix("https://") == true)
        }
    }
}

/// A live server (a real socket, so requests come from 127.0.0.1) over an in-memory store.
enum TestStoresGateway {
    static func live(address: FHIRAddress, _ test: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var configuration = GatewayConfiguration(port: 0, samplesPath: nil, clock: { TestGateway.now })
        configuration.address = address
        let application = buildApplication(configuration, store: try SQLiteStore.inMemory())
        try await application.test(.live) { client in try await test(client) }
    }
}
