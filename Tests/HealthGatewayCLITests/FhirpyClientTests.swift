import Foundation
import Testing

/// fhirpy, one of the most used FHIR clients (PyPI), unmodified, against `health-gateway serve`: create,
/// read, search, count (`_totalMethod`), paging, a transaction, `_include`, update and delete
/// (`Tests/Clients/fhirpy_check.py`; `scripts/dependencies` installs fhirpy).
@Suite(.serialized) struct FhirpyClientTests {
    @Test func fhirpyWorksUnmodified() async throws {
        let server = try RunningServer(arguments: ["serve", "--in-memory", "--port", "0", "--no-samples"])
        defer { server.stop() }
        let base = try await server.baseURL().appendingPathComponent("fhir").absoluteString
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", ServeCommandTests.root.appendingPathComponent("Tests/Clients/fhirpy_check.py").path, base]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("fhirpy: every check passed"), "\(output)")
        #expect(await server.terminate(within: .seconds(20)) == 0)
    }
}
