import Foundation
import Testing

/// SIGTERM against the real binary (`Tests/Clients/shutdown_check.py`): a request whose body is still
/// arriving finishes while new connections are refused, a running `$import` checkpoints and is resumed
/// at the next start, the process exits 0, and the JSON log lines carry their request ids.
@Suite(.serialized) struct GracefulShutdownTests {
    @Test func sigtermLetsRequestsFinishAndCheckpointsImports() throws {
        let (status, output) = try PythonClient.run("shutdown_check.py", [
            "--gateway", try CommandLineTests.executable().path, "--root", ServeCommandTests.root.path,
        ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("shutdown: every check passed"), "\(output)")
    }
}
