import ArgumentParser
import Foundation
import GatewayServer
@testable import health_gateway
import Testing

@Suite struct CommandLineTests {
    @Test func topLevelHelpListsEverySubcommand() {
        let help = HealthGateway.helpMessage()
        for subcommand in ["serve", "migrate", "generate", "prune", "profiles", "convert", "import", "token"] { #expect(help.contains(subcommand)) }
    }

    @Test func serveHelpDescribesEveryOptionAndItsEnvironmentVariable() {
        let help = HealthGateway.helpMessage(for: ServeCommand.self)
        let options = [
            ("--host", "HEALTH_GATEWAY_HOST"), ("--port", "HEALTH_GATEWAY_PORT"), ("--database", "HEALTH_GATEWAY_DATABASE"),
            ("--in-memory", "HEALTH_GATEWAY_IN_MEMORY"), ("--samples", "HEALTH_GATEWAY_SAMPLES"),
            ("--no-samples", "HEALTH_GATEWAY_NO_SAMPLES"), ("--max-body-size", "HEALTH_GATEWAY_MAX_BODY_SIZE"),
            ("--log-level", "HEALTH_GATEWAY_LOG_LEVEL"), ("--history-retention-days", "HEALTH_GATEWAY_HISTORY_RETENTION_DAYS"),
            ("--statistics-max-age", "HEALTH_GATEWAY_STATISTICS_MAX_AGE"), ("--executor", "HEALTH_GATEWAY_EXECUTOR"),
            ("--auth", "HEALTH_GATEWAY_AUTH"), ("--auth-issuer", "HEALTH_GATEWAY_AUTH_ISSUER"),
            ("--auth-audience", "HEALTH_GATEWAY_AUTH_AUDIENCE"), ("--auth-jwks", "HEALTH_GATEWAY_AUTH_JWKS"),
            ("--auth-min-population", "HEALTH_GATEWAY_AUTH_MIN_POPULATION"),
        ]
        for (option, variable) in options {
            #expect(help.contains(option), "\(option)")
            #expect(help.contains(variable), "\(variable)")
        }
        #expect(help.contains("default 8080"))
    }

    @Test func migrateGenerateAndPruneHelpDescribeTheirOptions() {
        #expect(HealthGateway.helpMessage(for: MigrateCommand.self).contains("--database"))
        let prune = HealthGateway.helpMessage(for: PruneCommand.self)
        #expect(prune.contains("--database") && prune.contains("--history-retention-days"))
        let generate = HealthGateway.helpMessage(for: GenerateCommand.self)
        for option in ["--patients", "--days", "--seed", "--last-day", "--format", "--out"] {
            #expect(generate.contains(option), "\(option)")
        }
    }

    @Test func generateOffersTheFHIRFormats() {
        let help = HealthGateway.helpMessage(for: GenerateCommand.self)
        for format in ["native", "ndjson", "bundles", "database"] { #expect(help.contains(format), "\(format)") }
        #expect(throws: Never.self) { try GenerateCommand.parse(["--patients", "2", "--out", "x", "--format", "ndjson"]) }
    }

    /// `convert` turns a Sample into the other format and back, and refuses what is not FHIR.
    @Test func convertGoesFromJSONToXMLAndBack() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let sample = root.appendingPathComponent("Samples/fhir/patient.json").path
        let xml = FileManager.default.temporaryDirectory.appendingPathComponent("convert-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: xml) }
        let toXML = try Self.run(["convert", sample, "--to", "xml"])
        #expect(toXML.status == 0)
        #expect(toXML.output.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><Patient xmlns="http://hl7.org/fhir">"#))
        try Data(toXML.output.utf8).write(to: xml)
        let back = try Self.run(["convert", xml.path, "--to", "json"])
        #expect(back.output.hasPrefix(#"{"resourceType":"Patient","identifier":[{"use":"usual","type":"#))
        let notFHIR = root.appendingPathComponent("Samples/population.ndjson").path
        let refused = try Self.run(["convert", notFHIR, "--to", "xml"])
        #expect(refused.status != 0)
    }

    /// The health-gateway executable, built next to the tests (in the debug or the release build).
    static func executable() throws -> URL {
        let products = [Bundle.main.executableURL?.deletingLastPathComponent(), Bundle.main.bundleURL,
                        Bundle.main.bundleURL.deletingLastPathComponent()].compactMap { $0 }
        let candidates = products.map { $0.appendingPathComponent("health-gateway") }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
                            "the health-gateway executable is built next to the tests")
    }

    /// Runs the gateway's executable (or `executable`) with `arguments`; its status and standard output.
    static func run(_ arguments: [String], executable program: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try program ?? executable()
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func badOptionsAreRefusedWithAReason() {
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--port", "eighty"]) }
        #expect(throws: (any Error).self) { try GenerateCommand.parse(["--patients", "0", "--out", "x"]) }
        #expect(throws: (any Error).self) { try GenerateCommand.parse(["--patients", "5", "--out", "x", "--last-day", "2026-11"]) }
        #expect(throws: (any Error).self) { try GenerateCommand.parse(["--patients", "5", "--out", "x", "--format", "csv"]) }
        for origin in ["app.example.org", "ftp://app.example.org", "https://app.example.org/path", "https://"] {
            #expect(throws: (any Error).self, "\(origin)") { try ServeCommand.checkedOrigins([origin]) }
        }
        #expect((try? ServeCommand.checkedOrigins(["*", "https://app.example.org", "http://localhost:3000"]))?.count == 3)
        for url in ["fhir.example.org", "ftp://fhir.example.org", "https://fhir.example.org/?x=1"] {
            #expect(throws: (any Error).self, "\(url)") { try ServeCommand.checkedPublicURL(url) }
        }
        #expect((try? ServeCommand.checkedPublicURL("https://example.org/gateway")) == "https://example.org/gateway")
        #expect(throws: (any Error).self) { try RateLimitOptions.parse(["--rate-limit", "-1"]).limits() }
        #expect(throws: (any Error).self) { try RateLimitOptions.parse(["--rate-burst", "0.5"]).limits() }
    }

    @Test func rateLimitsAreOnUnlessTurnedOff() throws {
        let defaults = try #require(try RateLimitOptions.parse([]).limits())
        #expect(defaults.client.perSecond == 200 && defaults.client.burst == 400 && defaults.anonymous.perSecond == 50)
        #expect(try RateLimitOptions.parse(["--rate-limit", "0"]).limits() == nil)
        let set = try #require(try RateLimitOptions.parse(["--rate-limit", "10", "--max-in-flight", "8"]).limits())
        #expect(set.client.burst == 20 && set.maxInFlight == 8)
    }

    @Test func anOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() throws {
        let variable = "HEALTH_GATEWAY_TEST_\(UInt32.random(in: 0...UInt32.max))"
        #expect(try EnvironmentDefault.value(nil as Int?, variable, default: 8080) == 8080)
        setenv(variable, "9090", 1)
        defer { unsetenv(variable) }
        #expect(try EnvironmentDefault.value(nil as Int?, variable, default: 8080) == 9090)
        #expect(try EnvironmentDefault.value(7070, variable, default: 8080) == 7070)
        setenv(variable, "ninety", 1)
        #expect(throws: ValidationError.self) { try EnvironmentDefault.value(nil as Int?, variable, default: 8080) }
        setenv(variable, "yes", 1)
        #expect(try EnvironmentDefault.flag(false, variable))
        setenv(variable, "maybe", 1)
        #expect(throws: ValidationError.self) { try EnvironmentDefault.flag(false, variable) }
    }
}
