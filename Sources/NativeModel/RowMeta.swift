/// The bookkeeping every native row carries: its version (1 on creation, +1 on every update) and when
/// it was created and last changed. FHIR's `meta.versionId`, `ETag` and `meta.lastUpdated` come from here.
public struct RowMeta: Sendable, Hashable {
    public var version: Int
    public var createdAt: Instant
    public var updatedAt: Instant

    public init(version: Int, createdAt: Instant, updatedAt: Instant) {
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
