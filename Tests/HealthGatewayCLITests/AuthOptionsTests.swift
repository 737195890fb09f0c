import ArgumentParser
import Foundation
import GatewayServer
@testable import health_gateway
import Logging
import Testing

/// `serve`'s authorization options: none by default only on loopback; smart needs its issuer, audience
/// and key set, and reads the key set at start-up.
@Suite struct AuthOptionsTests {
    static let logger = Logger(label: "test")

    @Test func withoutAuthOnlyLoopbackServes() async throws {
        for host in ["127.0.0.1", "localhost", "::1"] {
            #expect(try await !AuthOptions.parse([]).authorization(host: host, logger: Self.logger).isEnabled)
        }
        await #expect(throws: ValidationError.self) { try await AuthOptions.parse([]).authorization(host: "0.0.0.0", logger: Self.logger) }
        let explicit = try await AuthOptions.parse(["--auth", "none"]).authorization(host: "0.0.0.0", logger: Self.logger)
        #expect(!explicit.isEnabled)
        #expect(throws: (any Error).self) { try AuthOptions.parse(["--auth", "basic"]) }
    }

    @Test func smartNeedsItsSettingsAndAReadableKeySet() async throws {
        let folder = try TemporaryFolder("auth-options")
        defer { folder.remove() }
        let key = folder.path("key.pem")
        let jwks = folder.path("jwks.json")
        try await TokenCommand.KeyCommand.parse(["--private-key", key, "--jwks", jwks]).run()
        let settings = ["--auth", "smart", "--auth-issuer", "https://issuer.example", "--auth-audience",
                        "https://gateway.example/fhir", "--auth-jwks", jwks]
        let smart = try await AuthOptions.parse(settings).authorization(host: "0.0.0.0", logger: Self.logger)
        #expect(smart.isEnabled)
        #expect(!smart.showsPopulationFigures(of: 9) && smart.showsPopulationFigures(of: 10))
        for missing in ["--auth-issuer", "--auth-audience", "--auth-jwks"] {
            guard let index = settings.firstIndex(of: missing) else { continue }
            var partial = settings
            partial.removeSubrange(index...index + 1)
            await #expect(throws: ValidationError.self, "\(missing)") {
                try await AuthOptions.parse(partial).authorization(host: "0.0.0.0", logger: Self.logger)
            }
        }
        var unreadable = settings
        unreadable[unreadable.count - 1] = folder.path("missing.json")
        await #expect(throws: ValidationError.self) {
            try await AuthOptions.parse(unreadable).authorization(host: "0.0.0.0", logger: Self.logger)
        }
    }

    @Test func smartWithoutAnIdentityProviderAcceptsOnlyTheGatewaysOwnTokens() async throws {
        let own = try await AuthOptions.parse(["--auth", "smart", "--auth-audience", "https://gateway.example/fhir"])
            .authorization(host: "0.0.0.0", logger: Self.logger)
        guard case .smart(let smart) = own else {
            Issue.record("--auth smart with only an audience is SMART authorization")
            return
        }
        #expect(smart.verifier == nil)
        #expect(smart.issuer == "https://gateway.example/auth")
        #expect(smart.advertisedTokenEndpoint == "https://gateway.example/auth/token")
        await #expect(throws: ValidationError.self) {
            try await AuthOptions.parse(["--auth", "smart", "--auth-audience", "https://gateway.example/fhir", "--auth-issuer",
                                         "https://issuer.example"]).authorization(host: "0.0.0.0", logger: Self.logger)
        }
    }
}
