import Foundation
import Synchronization

/// Log lines on their way to a file descriptor (standard output for `serve --log-format json`), written
/// in batches: a line joins the buffer, and the buffer is written with one `write(2)` when it holds
/// `capacity` bytes, when a line is urgent (any but an access-log line: written at once, after the lines
/// before it), every `interval` by a flusher thread, and when the process exits normally. An access-log line
/// per request then costs a copy, not a system call (a `write(2)` per line was about 1.5% of a Patient
/// read's CPU). What a crash loses is the last `interval` of access lines at most, as with nginx's
/// `access_log … buffer= flush=`. Lines are whole in the output; batches never interleave.
public final class LogLineBuffer: Sendable {
    /// The process's standard output; flushed at exit (`atexit`).
    public static let standardOutput = LogLineBuffer(descriptor: 1)

    private let descriptor: Int32
    private let capacity: Int
    private let interval: Duration
    private let pending = Mutex<[UInt8]>([])
    /// Serializes the writes themselves, so a batch taken from `pending` is written before the next one.
    private let writing = Mutex(())
    private let flusherStarted = Atomic<Bool>(false)

    init(descriptor: Int32, capacity: Int = 64 * 1024, interval: Duration = .milliseconds(200)) {
        self.descriptor = descriptor
        self.capacity = capacity
        self.interval = interval
    }

    /// Adds a line (its newline included); writes it and everything before it now when `urgent`. A full
    /// buffer is written by the caller that filled it, which waits for a write in progress: when the output
    /// is slow, the lines wait for it rather than pile up.
    public func append(_ line: [UInt8], urgent: Bool) {
        startFlusher()
        let full = pending.withLock { buffer in
            buffer += line
            return buffer.count >= capacity
        }
        if urgent || full { flush() }
    }

    /// Writes what the buffer holds.
    public func flush() {
        writing.withLock { _ in
            let batch = pending.withLock { buffer in
                defer { buffer.removeAll(keepingCapacity: true) }
                return buffer
            }
            guard !batch.isEmpty else { return }
            batch.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = Foundation.write(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                    if written < 0, errno == EINTR { continue }
                    if written <= 0 { return }  // nowhere to write (a closed pipe): the lines are dropped
                    offset += written
                }
            }
        }
    }

    /// Once, on the first line: the thread that writes the buffer every `interval`, and the exit hook.
    private func startFlusher() {
        guard !flusherStarted.load(ordering: .relaxed),
              flusherStarted.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        if descriptor == 1 { atexit { LogLineBuffer.standardOutput.flush() } }
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: seconds)
                guard let self else { return }  // a buffer a test made and let go
                flush()
            }
        }
        thread.name = "log-flusher"
        thread.start()
    }
}
