public import Logging
import FHIRFormat
import Foundation
import NativeModel
import Synchronization

/// `serve --log-format json`: one JSON object per line on standard output (where the text format writes too), for log shippers (Fluent
/// Bit, CloudWatch, Loki) that read structured lines: `time` (RFC 3339, UTC, with milliseconds when there are some), `level`,
/// `logger`, `message`, then the metadata's keys (`request_id`, `method`, `route`, `status`, …) as
/// members. A line is written with one `write(2)`, so lines of concurrent requests never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: @Sendable ([UInt8]) -> Void

    /// - Parameter output: where each line goes; standard output unless a test collects them.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                output: @escaping @Sendable ([UInt8]) -> Void = JSONLogHandler.standardOutput) {
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
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let own = event.metadata { merged.merge(own) { _, new in new } }
        for key in merged.keys.sorted() where !["time", "level", "logger", "message"].contains(key) {
            if let value = merged[key] {
                writer.key(key)
                Self.write(value, into: &writer)
            }
        }
        if event.level >= .warning {
            writer.key("source")
            writer.string("\(event.file.split(separator: "/").last ?? ""):\(event.line)")
        }
        writer.endObject()
        var line = writer.bytes
        line.append(UInt8(ascii: "\n"))
        output(line)
    }

    private static func write(_ value: Logger.Metadata.Value, into writer: inout JSONWriter) {
        switch value {
        case .string(let text):
            writer.string(text)
        case .stringConvertible(let convertible):
            // Numbers stay numbers; anything else is its description.
            if let number = convertible as? any BinaryInteger {
                writer.number(String(describing: number))
            } else if let number = convertible as? Double, number.isFinite {
                writer.number(String(number))
            } else {
                writer.string(convertible.description)
            }
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

    private static let lock = Mutex(())

    /// Writes a line to standard output whole.
    public static let standardOutput: @Sendable ([UInt8]) -> Void = { line in
        lock.withLock { _ in
            line.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(1, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        }
    }
}
