public import Foundation

/// One line of an NDJSON input (http://hl7.org/fhir/uv/bulkdata/#file-format): its number, counted
/// from 1, and its bytes without the line break.
public struct ImportLine: Sendable {
    public var number: Int
    public var bytes: [UInt8]

    public init(number: Int, bytes: [UInt8]) {
        self.number = number
        self.bytes = bytes
    }
}

/// Reads an NDJSON file a line at a time from a byte offset, a block at a time: memory stays flat for
/// any file size. Blank lines are counted but not returned.
public struct NDJSONLineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// The offset, in the file, of the first byte not yet returned (a line's end, once whole).
    public private(set) var offset: Int64
    /// The number of the last line returned (or skipped as blank).
    public private(set) var lineNumber: Int
    static let blockSize = 1 << 20

    /// - Parameters:
    ///   - offset: where to start: 0, or the offset after a line the reader returned before.
    ///   - linesBefore: how many lines come before `offset`, so numbers continue.
    public init(_ url: URL, offset: Int64 = 0, linesBefore: Int = 0) throws {
        handle = try FileHandle(forReadingFrom: url)
        try handle.seek(toOffset: UInt64(offset))
        self.offset = offset
        lineNumber = linesBefore
    }

    public func close() { try? handle.close() }

    /// The next line that is not blank, nil at the end of the file.
    public mutating func next() throws -> ImportLine? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = take(upTo: newline, consumed: newline + 1 - start)
                if let line { return line }
                continue
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                if let line = take(upTo: buffer.count, consumed: buffer.count - start) { return line }
                continue
            }
            buffer.removeFirst(start)
            start = 0
            let block = try handle.read(upToCount: Self.blockSize) ?? Data()
            if block.isEmpty { atEnd = true } else { buffer.append(contentsOf: block) }
        }
    }

    /// Up to `count` lines; an empty array at the end of the file.
    public mutating func next(_ count: Int) throws -> [ImportLine] {
        var lines: [ImportLine] = []
        lines.reserveCapacity(count)
        while lines.count < count, let line = try next() { lines.append(line) }
        return lines
    }

    private mutating func take(upTo end: Int, consumed: Int) -> ImportLine? {
        var last = end
        if last > start, buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let bytes = Array(buffer[start..<last])
        start += consumed
        offset += Int64(consumed)
        lineNumber += 1
        return bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) ? nil : ImportLine(number: lineNumber, bytes: bytes)
    }
}
