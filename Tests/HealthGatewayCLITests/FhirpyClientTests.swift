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
        let (status, output) = try PythonClient.run("fhirpy_check.py", [base])
        #expect(status == 0, "\(output)")
        #expect(output.contains("fhirpy: every check passed"), "\(output)")
        #expect(await server.terminate(within: .seconds(20)) == 0)
    }
}
