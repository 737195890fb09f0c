public import Foundation
public import NativeModel

/// The native population format: NDJSON, one `PopulationMember` per line, members in the JSON form of
/// the native API (keys sorted, so a seed's file is the same byte for byte).
public enum PopulationFile {
    /// A line that is not a valid member.
    public struct LineError: Error, Sendable, CustomStringConvertible {
        public var line: Int
        public var error: ValidationError
        public var description: String { "line \(line): \(error)" }
    }

    /// Decodes every non-empty line of `data`; throws only `LineError`.
    public static func members(from data: Data) throws -> [PopulationMember] {
        var members: [PopulationMember] = []
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") }) else { continue }
            do {
                members.append(try NativeJSON.decode(PopulationMember.self, from: Data(line)))
            } catch let error as ValidationError {
                throw LineError(line: lineNumber, error: error)
            }
        }
        return members
    }

    /// Writes `members` to `url` as NDJSON, streaming: memory stays flat for any count.
    /// Returns the number of members and measurements written.
    @discardableResult
    public static func write(_ members: some Sequence<PopulationMember>, to url: URL) throws -> (members: Int, measurements: Int) {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var counts = (members: 0, measurements: 0)
        var buffer = Data()
        for member in members {
            buffer.append(try encoder.encode(member))
            buffer.append(UInt8(ascii: "\n"))
            counts.members += 1
            counts.measurements += member.measurementCount
            if buffer.count > 1 << 20 {
                try handle.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: buffer)
        return counts
    }
}
