import CompressNIO
import NIOCore

/// Streaming gzip compression (RFC 1952) for the files an export serves to a client that sends
/// `Accept-Encoding: gzip`: plain blocks in, compressed blocks out, memory bounded by one output window.
final class GzipDeflater {
    private let compressor: ZlibCompressor
    private var window: ByteBuffer

    init(windowSize: Int = 128 * 1024) throws {
        // Level 1: the files are large and the gateway's cores are better spent on serving; NDJSON of
        // FHIR resources still shrinks about tenfold.
        compressor = try ZlibCompressor(algorithm: .gzip, configuration: ZlibConfiguration(compressionLevel: .fastestCompression))
        window = ByteBufferAllocator().buffer(capacity: windowSize)
    }

    /// Compresses a block; `sink` receives the compressed bytes produced so far (perhaps none).
    func deflate(_ block: ByteBuffer, into sink: (ByteBuffer) async throws -> Void) async throws {
        var input = block
        while input.readableBytes > 0 {
            window.clear()
            try compressor.deflate(from: &input, to: &window, flush: .no)
            if window.readableBytes > 0 { try await sink(window) }
        }
    }

    /// Ends the stream: what the compressor still holds, and the gzip trailer.
    func finish(into sink: (ByteBuffer) async throws -> Void) async throws {
        var empty = ByteBuffer()
        var done = false
        while !done {
            window.clear()
            do {
                try compressor.deflate(from: &empty, to: &window, flush: .finish)
                done = true
            } catch let error as CompressNIOError where error == .bufferOverflow {
                // The window is full: send it and go on finishing.
            }
            if window.readableBytes > 0 { try await sink(window) }
        }
    }
}
