public import Logging
import FHIRFormat
import Foundation
import NativeModel

/// `serve --log-format json`: one JSON object per line on standard output (where the text format writes too), for log shippers (Fluent
/// Bit, CloudWatch, Loki) that read structured lines: `time` (RFC 3339, UTC, with milliseconds when there are some), `level`,
/// `logger`, `message`, then the metadata's keys (`request_id`, `method`, `route`, `status`, …) as
/// members, the event's own first. Lines go through a `LogLineBuffer`, whole: the access-log lines
/// (`RequestTelemetryMiddleware.accessLogSource`) in batches, every other line at once.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: @Sendable (_ line: [UInt8], _ urgent: Bool) -> Void

    /// - Parameter output: where each line goes, and whether it is to be written at once (any line but an
    ///   access-log line); standard output unless a test collects them.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                output: @escaping @Sendable (_ line: [UInt8], _ urgent: Bool) -> Void = { line, urgent in
                    LogLineBuffer.standardOutput.append(line, urgent: urgent)
                }) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        writer.key("time")
        writer.string(Instant.now().description)
        writer.key("level")
        writer.string(event.level.rawValue)
        writer.key("logger")
        writer.string(label)
        writer.key("message")
        writer.string(event.message.description)
        // The event's own metadata, then the logger's and the provider's keys it does not have: no merged
        // dictionary is built, as this runs for every request's access-log line.
        let own = event.metadata ?? [:]
        let provided = metadataProvider?.get() ?? [:]
        for (key, value) in own where !Self.reserved.contains(key) {
            writer.key(key)
            Self.write(value, into: &writer)
        }
        for (key, value) in metadata where own[key] == nil && provided[key] == nil && !Self.reserved.contains(key) {
            writer.key(key)
            Self.write(value, into: &writer)
        }
        for (key, value) in provided where own[key] == nil && !Self.reserved.contains(key) {
            writer.key(key)
            Self.write(value, into: &writer)
        }
        if event.level >= .warning {
            writer.key("source")
            writer.string("\(event.file.split(separator: "/").last ?? ""):\(event.line)")
        }
        writer.endObject()
        var line = writer.bytes
        line.append(UInt8(ascii: "\n"))
        output(line, event.source != RequestTelemetryMiddleware.accessLogSource)
    }

    /// Whether `text` is a number as JSON writes one (RFC 8259 §6): `-`, digits without a leading zero,
    /// a fraction, an exponent.
    static func isJSONNumber(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        func digits(_ part: inout Substring.UTF8View.SubSequence) -> Int {
            let count = part.prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
            part = part.dropFirst(count)
            return count
        }
        let first = bytes.first
        let whole = digits(&bytes)
        guard whole > 0, !(whole > 1 && first == UInt8(ascii: "0")) else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits(&bytes) > 0 else { return false }
        }
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits(&bytes) > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// The members every line has, which metadata cannot replace.
    private static let reserved: Set<String> = ["time", "level", "logger", "message", "source"]

    private static func write(_ value: Logger.Metadata.Value, into writer: inout JSONWriter) {
        switch value {
        case .string(let text):
            writer.string(text)
        case .stringConvertible(let convertible):
            // Numbers stay numbers; anything else is its description. Told apart by the text, not by
            // casting: a dynamic cast per value was a visible share of a request's CPU.
            let text = convertible.description
            if isJSONNumber(text) { writer.number(text) } else { writer.string(text) }
        case .array(let values):
            writer.beginArray()
            for element in values { write(element, into: &writer) }
            writer.endArray()
        case .dictionary(let members):
            writer.beginObject()
            for key in members.keys.sorted() {
                if let member = members[key] {
                    writer.key(key)
                    write(member, into: &writer)
                }
            }
            writer.endObject()
        }
    }
}
