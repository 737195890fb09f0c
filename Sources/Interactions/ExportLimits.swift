/// The bounds of export jobs (`export.*` settings).
public struct ExportLimits: Sendable, Hashable {
    /// How many exports run at once on a node; past it, a kick-off is 429 with `Retry-After`.
    public var maximumConcurrentJobs: Int
    /// The most resources one NDJSON file holds (`export.maxResourcesPerFile`).
    public var resourcesPerFile: Int
    /// How long a finished export's files are served before they are removed, in seconds (`export.expirySeconds`).
    public var expirySeconds: Int64
    /// How long a running job may go unsaved before another node takes it over (as for imports).
    public var leaseSeconds: Int64
    /// Resources read per page of the store.
    public var pageSize: Int

    public init(maximumConcurrentJobs: Int = 2, resourcesPerFile: Int = 100_000, expirySeconds: Int64 = 3_600,
                leaseSeconds: Int64 = 30, pageSize: Int = 2_000) {
        self.maximumConcurrentJobs = max(1, maximumConcurrentJobs)
        self.resourcesPerFile = max(1, resourcesPerFile)
        self.expirySeconds = max(1, expirySeconds)
        self.leaseSeconds = max(1, leaseSeconds)
        self.pageSize = max(1, pageSize)
    }

    /// Seconds a client is told to wait before polling again, or kicking off again after a 429.
    public static var retryAfterSeconds: Int { 1 }
}
