import Foundation
@testable import GatewayServer
import Testing

/// `LogLineBuffer`: lines held until a batch is due, warnings written at once after what came before,
/// a full buffer written, the flusher writing what waits.
@Suite struct LogLineBufferTests {
    /// A file in the temporary folder, its descriptor open for writing, and a reader of what it holds.
    private final class Output {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString).txt").path
        let descriptor: Int32
        init() { descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600) }
        var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        deinit {
            close(descriptor)
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    private func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    @Test func linesWaitForABatchAndAWarningWritesThemAllInOrder() throws {
        let output = Output()
        let buffer = LogLineBuffer(descriptor: output.descriptor, capacity: 1 << 20, interval: .seconds(3_600))
        buffer.append(line("first"), urgent: false)
        buffer.append(line("second"), urgent: false)
        #expect(output.text == "")
        buffer.append(line("warning"), urgent: true)
        #expect(output.text == "first\nsecond\nwarning\n")
        buffer.append(line("third"), urgent: false)
        buffer.flush()
        #expect(output.text == "first\nsecond\nwarning\nthird\n")
    }

    @Test func aFullBufferIsWritten() throws {
        let output = Output()
        let buffer = LogLineBuffer(descriptor: output.descriptor, capacity: 16, interval: .seconds(3_600))
        buffer.append(line("0123456789"), urgent: false)
        #expect(output.text == "")
        buffer.append(line("abcdefghij"), urgent: false)
        #expect(output.text == "0123456789\nabcdefghij\n")
    }

    @Test func theFlusherWritesWhatWaits() async throws {
        let output = Output()
        let buffer = LogLineBuffer(descriptor: output.descriptor, capacity: 1 << 20, interval: .milliseconds(20))
        buffer.append(line("waiting"), urgent: false)
        for _ in 0..<3_000 where output.text.isEmpty { try await Task.sleep(for: .milliseconds(10)) }  // 30 s at most
        #expect(output.text == "waiting\n")
    }

    @Test func concurrentLinesStayWhole() async throws {
        let output = Output()
        let buffer = LogLineBuffer(descriptor: output.descriptor, capacity: 256, interval: .seconds(3_600))
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 { buffer.append(Array("task \(task) line \(index) \(String(repeating: "x", count: 40))\n".utf8), urgent: false) }
                }
            }
        }
        buffer.flush()
        let lines = output.text.split(separator: "\n")
        #expect(lines.count == 1_600)
        #expect(lines.allSatisfy { $0.hasPrefix("task ") && $0.hasSuffix(String(repeating: "x", count: 40)) })
    }
}
