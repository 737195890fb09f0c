/// How much work `$import` may ask of the server, so that no client can exhaust its memory, disk or
/// cores (README, "Limits"). Each has a `serve` option and an environment variable.
public struct ImportLimits: Sendable, Hashable {
    /// `import.maxUploadBytes`: the bytes of one request body as sent, compressed or not; 413 past it.
    public var maximumUploadBytes: Int64
    /// `import.maxDecompressedBytes`: the bytes a gzip body may inflate to; 413 past it (a gzip bomb),
    /// and what was written of it removed.
    public var maximumDecompressedBytes: Int64
    /// `import.maxLineBytes`: one NDJSON line. A longer line fails on its own (the job goes on); it is
    /// read past, never held in memory.
    public var maximumLineBytes: Int
    /// `import.maxJobs`: jobs running at once; a new one past it is 429 with `Retry-After`.
    public var maximumConcurrentJobs: Int
    /// `import.retentionHours`: a finished job, its manifest and its files are forgotten this long
    /// after it ended.
    public var retentionSeconds: Int64
    /// `import.leaseSeconds`: how long a running job may go unsaved before another node (or this one,
    /// restarted) takes it over; a job saves itself after every chunk, in well under a second.
    public var leaseSeconds: Int64 = 30

    public init(maximumUploadBytes: Int64 = 1 << 30, maximumDecompressedBytes: Int64 = 4 << 30,
                maximumLineBytes: Int = 16 << 20, maximumConcurrentJobs: Int = 2, retentionSeconds: Int64 = 7 * 86_400) {
        self.maximumUploadBytes = maximumUploadBytes
        self.maximumDecompressedBytes = maximumDecompressedBytes
        self.maximumLineBytes = maximumLineBytes
        self.maximumConcurrentJobs = maximumConcurrentJobs
        self.retentionSeconds = retentionSeconds
    }

    /// Seconds a client told 429 waits before it asks again.
    public static var retryAfterSeconds: Int { 30 }
}
