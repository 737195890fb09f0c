import CompressNIO
public import Foundation
public import NIOCore

/// Streaming gzip decompression (RFC 1952) for `Content-Encoding: gzip` bodies and `.ndjson.gz` files:
/// compressed blocks in, plain blocks out, memory bounded by one window. Concatenated members are read
/// one after the other; `finish()` checks the last member's length trailer, so a truncated upload is an
/// error rather than silently shorter data.
public final class GzipInflater {
    private let decompressor: ZlibDecompressor
    private var window: ByteBuffer
    private var tail: [UInt8] = []
    private var memberBytes: UInt64 = 0
    /// The plain bytes produced so far.
    public private(set) var totalBytes: Int64 = 0

    public enum Failure: Error, CustomStringConvertible {
        case corrupt(String)

        public var description: String {
            switch self { case .corrupt(let reason): return "The gzip data is corrupt or truncated: \(reason)" }
        }
    }

    public init(windowSize: Int = 256 * 1024) throws {
        decompressor = try ZlibDecompressor(algorithm: .gzip)
        window = ByteBufferAllocator().buffer(capacity: windowSize)
    }

    /// Decompresses a block; `sink` receives the plain bytes, a window at a time.
    public func inflate(_ block: ByteBuffer, into sink: (ByteBuffer) throws -> Void) throws {
        var input = block
        let last = min(8, input.readableBytes)
        tail = Array((tail + (input.getBytes(at: input.writerIndex - last, length: last) ?? [])).suffix(8))
        while input.readableBytes > 0 {
            let before = input.readableBytes
            do {
                try decompressor.inflate(from: &input, to: &window)
                if input.readableBytes > 0, input.readableBytes == before, window.readableBytes == 0 {
                    throw Failure.corrupt("no progress")
                }
                if input.readableBytes > 0 {  // a member ended and another follows
                    try emit(sink)
                    memberBytes = 0
                    try decompressor.reset()
                }
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try emit(sink)
            } catch let error as CompressNIOError where error == .inputBufferOverflow {
                break
            } catch let error as CompressNIOError {
                throw Failure.corrupt(error.description)
            }
        }
        try emit(sink)
    }

    /// Decompresses a `.gz` file onto the end of `writer`; the plain bytes written.
    public static func decompress(_ file: URL, appendingTo writer: FileHandle) throws -> Int64 {
        let reader = try FileHandle(forReadingFrom: file)
        defer { try? reader.close() }
        let inflater = try GzipInflater()
        while let block = try reader.read(upToCount: 1 << 20), !block.isEmpty {
            try inflater.inflate(ByteBuffer(bytes: block)) { try writer.write(contentsOf: $0.readableBytesView) }
        }
        try inflater.finish()
        return inflater.totalBytes
    }

    /// Checks that the data ended where the gzip trailer says the last member ends.
    public func finish() throws {
        guard tail.count == 8 else { throw Failure.corrupt("too short to be gzip") }
        let size = tail[4...].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard size == UInt32(truncatingIfNeeded: memberBytes) else {
            throw Failure.corrupt("the data ends before the end its trailer announces")
        }
    }

    private func emit(_ sink: (ByteBuffer) throws -> Void) throws {
        guard window.readableBytes > 0 else { return }
        memberBytes += UInt64(window.readableBytes)
        totalBytes += Int64(window.readableBytes)
        try sink(window)
        window.clear()
    }
}
