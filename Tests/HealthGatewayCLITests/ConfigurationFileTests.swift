import Foundation
import FoundationNetworking
import Testing

/// `serve --config FILE` and `health-gateway config`: settings by dotted key in YAML or JSON, the command
/// line over the environment over the file over the default, each value's source shown, secrets
/// redacted, unknown keys and bad values refused with the file and key named. Run through the binary:
/// the file and the ledger are process-wide.
@Suite struct ConfigurationFileTests {
    private static func file(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The binary with `environment` added to this process's; its exit status, standard output and error.
    private static func run(_ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, output: String, error: String)
    {
        let process = Process()
        process.executableURL = try CommandLineTests.executable()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("HEALTH_GATEWAY_") }
            .merging(environment) { _, new in new }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    /// The row of `key` in `config`'s table: its value and its source.
    private static func row(_ output: String, _ key: String) -> (value: String, source: String)? {
        for line in output.split(separator: "\n") {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            if columns.first == key, columns.count >= 3 {
                return (columns[1], columns[2...].joined(separator: " "))
            }
        }
        return nil
    }

    @Test(arguments: ["yaml", "json"])
    func theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile(format: String) throws {
        let yaml = """
            http:
              port: 9191
              host: 127.0.0.1
              corsOrigins:
                - https://app.example.org
                - https://other.example.org
            db:
              url: postgresql://gateway:s3cret@db.internal:5432/health
            log:
              level: warning
              format: json
            rate:
              limit: 75
            """
        let json = #"""
            {"http": {"port": 9191, "host": "127.0.0.1", "corsOrigins": ["https://app.example.org", "https://other.example.org"]},
             "db": {"url": "postgresql://gateway:s3cret@db.internal:5432/health"},
             "log": {"level": "warning", "format": "json"}, "rate": {"limit": 75}}
            """#
        let config = try Self.file("gateway.\(format)", format == "yaml" ? yaml : json)
        let result = try Self.run(["config", "--config", config.path, "--port", "7070"],
                                  environment: ["HEALTH_GATEWAY_LOG_LEVEL": "debug"])
        #expect(result.status == 0, "\(result.error)")
        let output = result.output
        #expect(Self.row(output, "http.port")?.value == "7070" && Self.row(output, "http.port")?.source == "command line")
        #expect(Self.row(output, "log.level")?.value == "debug")
        #expect(Self.row(output, "log.level")?.source == "environment variable HEALTH_GATEWAY_LOG_LEVEL")
        #expect(Self.row(output, "log.format")?.value == "json")
        #expect(Self.row(output, "log.format")?.source == "\(config.path): log.format")
        #expect(Self.row(output, "http.corsOrigins")?.value == "https://app.example.org,https://other.example.org")
        #expect(Self.row(output, "rate.limit")?.value == "75")
        #expect(Self.row(output, "db.url")?.value == "postgresql://gateway:***@db.internal:5432/health")
        #expect(!output.contains("s3cret"), "the password is redacted")
        #expect(Self.row(output, "http.maxBodySize")?.source == "default")
        #expect(Self.row(output, "auth.issuer")?.source == "not read by this command")
    }

    @Test func unknownKeysAndBadValuesAreRefusedWithTheFileAndKey() throws {
        let misspelt = try Self.file("gateway.yaml", "http:\n  prot: 9191\n")
        let unknown = try Self.run(["serve", "--config", misspelt.path])
        #expect(unknown.status != 0 && unknown.error.contains("'http.prot' is not a setting of the gateway"), "\(unknown.error)")
        let wrong = try Self.file("gateway.json", #"{"http": {"port": "eighty"}}"#)
        let bad = try Self.run(["config", "--config", wrong.path])
        #expect(bad.status != 0 && bad.error.contains("\(wrong.path): http.port='eighty' is not a valid Int"), "\(bad.error)")
        let missing = try Self.run(["serve", "--config", "/nonexistent/gateway.yaml"])
        #expect(missing.status != 0 && missing.error.contains("--config /nonexistent/gateway.yaml"), "\(missing.error)")
        let text = try Self.file("gateway.toml", "port = 1\n")
        let format = try Self.run(["config", "--config", text.path])
        #expect(format.status != 0 && format.error.contains("a .json, .yaml or .yml file"), "\(format.error)")
    }

    /// A server started from a file alone (and HEALTH_GATEWAY_CONFIG naming it) serves as it says.
    @Test func aServerRunsAsItsFileSays() async throws {
        let folder = try Self.file("placeholder", "").deletingLastPathComponent()
        let config = try Self.file("gateway.yaml", """
            db:
              inMemory: true
            samples:
              disabled: true
            log:
              format: json
            metrics:
              disabled: true
            """)
        let server = try RunningServer(arguments: ["serve", "--port", "0", "--config", config.path])
        defer { server.stop() }
        let base = try await server.baseURL()
        let (_, patient) = try await ServeCommandTests.get(base, "fhir/Patient/1")
        #expect(patient.statusCode == 404, "no samples were loaded")
        let (_, metrics) = try await ServeCommandTests.get(base, "metrics")
        #expect(metrics.statusCode == 404, "metrics are off")
        #expect(await server.terminate(within: .seconds(20)) == 0)
        let lines = server.log.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(!lines.isEmpty && lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        try? FileManager.default.removeItem(at: folder)
    }
}
