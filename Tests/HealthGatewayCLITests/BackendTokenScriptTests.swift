import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// The README's backend-services walk-through with the real binary and `scripts/backend-token` (openssl
/// and curl: a client written with none of the gateway's code): a key made, the client registered with
/// `clients add`, a token got and used, the signing key rotated under the running server, and a removed
/// client refused.
@Suite struct BackendTokenScriptTests {
    static let script = ServeCommandTests.root.appendingPathComponent("scripts/backend-token").path

    /// Runs the script; its status and standard output.
    static func script(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try CommandLineTests.run([script] + arguments, executable: URL(fileURLWithPath: "/bin/bash"))
    }

    static func read(_ base: URL, _ path: String, token: String) async throws -> Int {
        var request = URLRequest(url: try #require(URL(string: path, relativeTo: base)))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    @Test func registerGetATokenRotateAndRemove() async throws {
        let folder = try TemporaryFolder("backend")
        defer { folder.remove() }
        let database = folder.path("gateway.sqlite")
        let keys = folder.path("etl")
        #expect(try Self.script(["keygen", "--out", keys]).status == 0)
        let added = try CommandLineTests.run(["clients", "add", "--database", database, "--id", "etl", "--jwks", keys + "/jwks.json",
                                              "--scope", "system/*.rs"])
        #expect(added.status == 0, "\(added.output)")
        #expect(try CommandLineTests.run(["clients", "list", "--database", database]).output.contains("etl"))

        let port = try MetricsClientTests.freePort()
        let server = try RunningServer(arguments: ["serve", "--database", database, "--port", String(port), "--no-samples",
                                                   "--auth", "smart", "--auth-audience", "http://127.0.0.1:\(port)/fhir"])
        defer { server.stop() }
        let base = try await server.baseURL()
        let tokenURL = "http://127.0.0.1:\(port)/auth/token"
        func token(_ scope: String) throws -> (status: Int32, json: [String: Any]) {
            let got = try Self.script(["get", "--client-id", "etl", "--key", keys + "/key.pem", "--scope", scope,
                                       "--token-url", tokenURL])
            let json = (try? JSONSerialization.jsonObject(with: Data(got.output.utf8))) as? [String: Any] ?? [:]
            return (got.status, json)
        }

        let first = try token("system/Patient.rs system/Observation.cruds")
        #expect(first.status == 0, "\(first.json)")
        #expect(first.json["scope"] as? String == "system/Patient.rs system/Observation.rs")
        let access = try #require(first.json["access_token"] as? String)
        #expect(try await Self.read(base, "fhir/Patient", token: access) == 200)

        let rotated = try CommandLineTests.run(["keys", "rotate", "--database", database])
        #expect(rotated.status == 0 && rotated.output.contains("retired"), "\(rotated.output)")
        let second = try #require(try token("system/Observation.rs").json["access_token"] as? String)
        #expect(try await Self.read(base, "fhir/Observation", token: second) == 200, "the new key's token")
        #expect(try await Self.read(base, "fhir/Patient", token: access) == 200, "the retired key's token, not expired")

        #expect(try CommandLineTests.run(["clients", "remove", "--database", database, "--id", "etl"]).status == 0)
        let refused = try token("system/Patient.rs")
        #expect(refused.status == 1)
        #expect(refused.json["error"] as? String == "invalid_client")
        #expect(try token("system/Patient.rs").json["error"] as? String == "invalid_client")
        #expect(await server.terminate(within: .seconds(20)) == 0)
    }
}
