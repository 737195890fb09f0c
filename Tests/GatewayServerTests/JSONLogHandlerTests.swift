import Foundation
@testable import GatewayServer
import Logging
import Synchronization
import Testing

@Suite struct JSONLogHandlerTests {
    private func line(_ write: (Logger) -> Void) throws -> [String: Any] {
        let captured = Mutex<[UInt8]>([])
        let logger = Logger(label: "test") { label in JSONLogHandler(label: label) { bytes, _ in captured.withLock { $0 += bytes } } }
        write(logger)
        let bytes = captured.withLock { $0 }
        #expect(bytes.last == UInt8(ascii: "\n") && bytes.filter { $0 == UInt8(ascii: "\n") }.count == 1, "one line")
        return try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func aLineIsOneJSONObjectWithTimeLevelLoggerMessageAndMetadata() throws {
        let object = try line { logger in
            var logger = logger
            logger[metadataKey: "request_id"] = "r-1"
            logger.info("request", metadata: ["status": .stringConvertible(201), "duration_ms": .stringConvertible(1.25),
                                              "route": "/fhir/{type}", "tags": ["a", "b"], "nested": ["k": "v"]])
        }
        #expect(object["message"] as? String == "request" && object["level"] as? String == "info")
        #expect(object["logger"] as? String == "test" && object["request_id"] as? String == "r-1")
        #expect(object["status"] as? Int == 201 && object["duration_ms"] as? Double == 1.25)
        #expect(object["route"] as? String == "/fhir/{type}" && object["tags"] as? [String] == ["a", "b"])
        #expect((object["nested"] as? [String: String]) == ["k": "v"])
        let time = try #require(object["time"] as? String)
        #expect(time.hasSuffix("Z") && time.count >= 20 && time.dropFirst(10).first == "T", "\(time)")
        #expect(object["source"] == nil, "the source only on warnings and worse")
    }

    /// A message with a newline or a quote cannot forge a second line or break the object.
    @Test func controlCharactersAndQuotesAreEscaped() throws {
        let object = try line { $0.warning("first\n{\"level\":\"info\"}\u{1}") }
        #expect(object["message"] as? String == "first\n{\"level\":\"info\"}\u{1}")
        #expect((object["source"] as? String)?.hasPrefix("JSONLogHandlerTests.swift:") == true)
    }

    @Test func numbersAreToldByTheirText() {
        for number in ["0", "201", "-3", "1.25", "0.5", "2e10", "1.5E-3"] { #expect(JSONLogHandler.isJSONNumber(number), "\(number)") }
        for text in ["", "-", "01", "1.", ".5", "1e", "NaN", "inf", "12ab", "1 2", "0x10"] {
            #expect(!JSONLogHandler.isJSONNumber(text), "\(text)")
        }
    }

    @Test func levelsBelowTheLoggersAreNotWritten() {
        let captured = Mutex(0)
        var logger = Logger(label: "test") { label in JSONLogHandler(label: label) { _, _ in captured.withLock { $0 += 1 } } }
        logger.logLevel = .notice
        logger.info("dropped")
        logger.notice("kept")
        #expect(captured.withLock { $0 } == 1)
    }

    /// Only the access-log lines wait for a batch; start-up lines, errors and everything else go at once.
    @Test func accessLogLinesAloneAreBatched() {
        let urgency = Mutex<[Bool]>([])
        let logger = Logger(label: "test") { label in JSONLogHandler(label: label) { _, urgent in urgency.withLock { $0.append(urgent) } } }
        logger.info("request", metadata: ["status": "200"], source: RequestTelemetryMiddleware.accessLogSource)
        logger.info("resuming import job 3 after line 2000")
        logger.error("failed")
        #expect(urgency.withLock { $0 } == [false, true, true])
    }
}
