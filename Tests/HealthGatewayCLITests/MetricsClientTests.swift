import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `/metrics` of the real binary read with Prometheus' own text-format parser (prometheus_client from
/// PyPI, `Tests/Clients/metrics_check.py`): a read, a failed read, an import and a score each move
/// their series; on the main port, and on a management port (`--metrics-port`) only.
@Suite(.serialized) struct MetricsClientTests {
    @Test(arguments: [false, true])
    func prometheusParsesTheMetricsAndEachRequestMovesItsSeries(managementPort: Bool) async throws {
        let samples = ServeCommandTests.root.appendingPathComponent("Samples/population.ndjson").path
        let management = managementPort ? try Self.freePort() : nil
        let server = try RunningServer(arguments: ["serve", "--in-memory", "--port", "0", "--samples", samples]
            + (management.map { ["--metrics-port", String($0)] } ?? []))
        defer { server.stop() }
        let base = try await server.baseURL(excluding: management).absoluteString
        let (status, output) = try PythonClient.run("metrics_check.py", [base]
            + (management.map { ["--management", "http://127.0.0.1:\($0)"] } ?? []))
        #expect(status == 0, "\(output)")
        #expect(output.contains("metrics: every check passed"), "\(output)")
        #expect(await server.terminate(within: .seconds(20)) == 0)
    }

    /// A port no one listens on now: bound to 0, read back, closed.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(descriptor, raw, length) == 0 && getsockname(descriptor, raw, &length) == 0
            }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
