public import Foundation

/// One line of an NDJSON input (http://hl7.org/fhir/uv/bulkdata/#file-format): its number, counted
/// from 1, and its bytes without the line break.
public struct ImportLine: Sendable {
    public var number: Int
    public var bytes: [UInt8]
    /// The length of a line longer than the reader's limit: its bytes were read past, not kept
    /// (`bytes` is empty). Nil for a line read whole.
    public var overlongLength: Int?

    public init(number: Int, bytes: [UInt8], overlongLength: Int? = nil) {
        self.number = number
        self.bytes = bytes
        self.overlongLength = overlongLength
    }
}

/// Reads an NDJSON file a line at a time from a byte offset, a block at a time: memory stays flat for
/// any file size, at most one line of `maximumLineBytes` and one block. A longer line is read past in
/// linear time and returned as `overlongLength` alone. Blank lines are counted but not returned.
public struct NDJSONLineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Where the current line starts in `buffer`.
    private var start = 0
    /// Where the search for the current line's end resumes: `buffer[start..<scanned]` has no line break.
    private var scanned = 0
    /// The bytes of the current line already dropped from `buffer` because it is too long to keep.
    private var dropped = 0
    private var atEnd = false
    /// The offset, in the file, of the first byte not yet returned (a line's end, once whole).
    public private(set) var offset: Int64
    /// The number of the last line returned (or skipped as blank).
    public private(set) var lineNumber: Int
    /// The longest line kept whole (`import.maxLineBytes`).
    public let maximumLineBytes: Int
    static let blockSize = 1 << 20

    /// - Parameters:
    ///   - offset: where to start: 0, or the offset after a line the reader returned before.
    ///   - linesBefore: how many lines come before `offset`, so numbers continue.
    public init(_ url: URL, offset: Int64 = 0, linesBefore: Int = 0, maximumLineBytes: Int = ImportLimits().maximumLineBytes)
        throws
    {
        handle = try FileHandle(forReadingFrom: url)
        try handle.seek(toOffset: UInt64(max(0, offset)))
        self.offset = offset
        lineNumber = linesBefore
        self.maximumLineBytes = max(1, maximumLineBytes)
    }

    public func close() { try? handle.close() }

    /// The next line that is not blank, nil at the end of the file.
    public mutating func next() throws -> ImportLine? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                if dropped > 0 || newline - start > maximumLineBytes {
                    return overlong(upTo: newline, consumed: newline + 1 - start)
                }
                let line = take(upTo: newline, consumed: newline + 1 - start)
                scanned = start
                if let line { return line }
                continue
            }
            if buffer.count - start > maximumLineBytes {  // too long to keep: read past it
                dropped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                (start, scanned) = (0, 0)
            } else {
                scanned = buffer.count
            }
            if atEnd {
                if dropped > 0 { return overlong(upTo: buffer.count, consumed: buffer.count - start) }
                guard start < buffer.count else { return nil }
                let line = take(upTo: buffer.count, consumed: buffer.count - start)
                scanned = start
                if let line { return line }
                continue
            }
            buffer.removeFirst(start)
            scanned -= start
            start = 0
            let block = try handle.read(upToCount: Self.blockSize) ?? Data()
            if block.isEmpty { atEnd = true } else { buffer.append(contentsOf: block) }
        }
    }

    /// Up to `count` lines, fewer once they hold `maximumBytes` (a chunk of long lines, Bundles, stays
    /// bounded in memory however many lines a chunk may have); an empty array at the end of the file.
    public mutating func next(_ count: Int, maximumBytes: Int = NDJSONLineReader.chunkBytes) throws -> [ImportLine] {
        var lines: [ImportLine] = []
        lines.reserveCapacity(min(count, 16_384))
        var bytes = 0
        while lines.count < count, bytes < maximumBytes, let line = try next() {
            bytes += line.bytes.count
            lines.append(line)
        }
        return lines
    }

    /// The bytes of lines a chunk holds at most (past the line that crosses it): 64 MiB.
    public static let chunkBytes = 64 << 20

    private mutating func take(upTo end: Int, consumed: Int) -> ImportLine? {
        var last = end
        if last > start, buffer[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let bytes = Array(buffer[start..<last])
        start += consumed
        offset += Int64(consumed)
        lineNumber += 1
        return bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) ? nil : ImportLine(number: lineNumber, bytes: bytes)
    }

    /// The end of a line too long to keep: its length, without its bytes.
    private mutating func overlong(upTo end: Int, consumed: Int) -> ImportLine {
        let length = dropped + end - start
        offset += Int64(dropped + consumed)
        (start, scanned, dropped) = (start + consumed, start + consumed, 0)
        lineNumber += 1
        return ImportLine(number: lineNumber, bytes: [], overlongLength: length)
    }
}
