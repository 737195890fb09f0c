import Foundation
import Interactions
import Testing

/// The NDJSON reader of imports: lines, blank lines, CRLF, offsets to resume from, and lines past the
/// limit read past without being kept.
@Suite struct NDJSONLineReaderTests {
    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ndjson-\(UUID().uuidString).ndjson")
        try Data(text.utf8).write(to: url)
        return url
    }

    static func read(_ url: URL, limit: Int, offset: Int64 = 0, linesBefore: Int = 0) throws -> [(Int, String, Int?, Int64)] {
        var reader = try NDJSONLineReader(url, offset: offset, linesBefore: linesBefore, maximumLineBytes: limit)
        defer { reader.close() }
        var lines: [(Int, String, Int?, Int64)] = []
        while let line = try reader.next() {
            lines.append((line.number, String(decoding: line.bytes, as: UTF8.self), line.overlongLength, reader.offset))
        }
        return lines
    }

    @Test func aChunkEndsAtItsLineCountOrOnceItsLinesHoldTheByteBound() throws {
        let url = try Self.file((1...10).map { "line-\($0)-" + String(repeating: "z", count: 90) }.joined(separator: "\n"))
        defer { try? FileManager.default.removeItem(at: url) }
        var reader = try NDJSONLineReader(url, offset: 0, linesBefore: 0, maximumLineBytes: 1_000)
        defer { reader.close() }
        #expect(try reader.next(4).map(\.number) == [1, 2, 3, 4], "four lines of 97 bytes are under the default bound")
        #expect(try reader.next(100, maximumBytes: 250).map(\.number) == [5, 6, 7], "the line crossing 250 bytes ends the chunk")
        #expect(try reader.next(100, maximumBytes: 1).map(\.number) == [8], "a chunk holds at least one line")
        #expect(try reader.next(100).map(\.number) == [9, 10])
        #expect(try reader.next(100).isEmpty)
    }

    @Test func overlongLinesComeBackAsTheirLengthAlone() throws {
        let long = String(repeating: "x", count: 3 << 20)  // longer than a block of the reader
        let url = try Self.file("a\n\(long)\r\n  \nbb\n\(long)")
        defer { try? FileManager.default.removeItem(at: url) }
        let lines = try Self.read(url, limit: 1_000)
        #expect(lines.map(\.0) == [1, 2, 4, 5])
        #expect(lines.map(\.1) == ["a", "", "bb", ""])
        #expect(lines.map(\.2) == [nil, (3 << 20) + 1, nil, 3 << 20], "a CR before the break counts in the length read past")
        let length = Int64(3 << 20)
        #expect(lines.map(\.3) == [2, length + 4, length + 10, 2 * length + 10], "each line's end, to resume from")
    }

    @Test func readingResumesAfterAnOverlongLineAtItsOffset() throws {
        let url = try Self.file("a\n" + String(repeating: "y", count: 5_000) + "\nbb\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let all = try Self.read(url, limit: 100)
        #expect(all.map(\.2) == [nil, 5_000, nil])
        let resumed = try Self.read(url, limit: 100, offset: all[1].3, linesBefore: all[1].0)
        #expect(resumed.map(\.0) == [3])
        #expect(resumed.map(\.1) == ["bb"])
    }

    @Test func aLineOfExactlyTheLimitIsKept() throws {
        let url = try Self.file(String(repeating: "z", count: 100) + "\n" + String(repeating: "z", count: 101))
        defer { try? FileManager.default.removeItem(at: url) }
        let lines = try Self.read(url, limit: 100)
        #expect(lines.map(\.1.count) == [100, 0])
        #expect(lines.map(\.2) == [nil, 101])
    }
}
