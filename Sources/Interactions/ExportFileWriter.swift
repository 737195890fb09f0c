import Foundation

/// Writes one type's resources as NDJSON files in an export's folder (`Observation-1.ndjson`,
/// `Observation-2.ndjson`, …), at most `linesPerFile` lines each, through a buffer of about a MiB:
/// memory stays flat however many resources there are.
struct ExportFileWriter {
    let folder: URL
    let type: String
    let linesPerFile: Int
    private(set) var outputs: [ExportOutput] = []
    private var handle: FileHandle?
    private var buffer: [UInt8] = []
    private var linesInFile = 0

    static var bufferBytes: Int { 1 << 20 }

    init(folder: URL, type: String, linesPerFile: Int) {
        self.folder = folder
        self.type = type
        self.linesPerFile = max(1, linesPerFile)
        buffer.reserveCapacity(Self.bufferBytes + (64 << 10))
    }

    /// Appends one resource's JSON as a line, starting a new file when the current one is full.
    mutating func append(_ json: [UInt8]) throws {
        if handle == nil || linesInFile == linesPerFile { try startFile() }
        buffer.append(contentsOf: json)
        buffer.append(UInt8(ascii: "\n"))
        linesInFile += 1
        outputs[outputs.count - 1].count += 1
        if buffer.count >= Self.bufferBytes { try flush() }
    }

    /// Writes what is buffered and closes the last file; the files written.
    mutating func finish() throws -> [ExportOutput] {
        try flush()
        try handle?.close()
        handle = nil
        return outputs
    }

    private mutating func startFile() throws {
        try flush()
        try handle?.close()
        let name = "\(type)-\(outputs.count + 1).ndjson"
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
        outputs.append(ExportOutput(type: type, file: name, count: 0))
        linesInFile = 0
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty, let handle else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
