public import NativeModel

/// Where a page of changes starts: after this version in the order of `HealthStore.changes`, newest
/// first by recording time, then by table, row and version (all descending).
public struct ChangeKey: Sendable, Hashable {
    public var recordedAt: Instant
    public var table: NativeTable
    public var id: Int64
    public var version: Int

    public init(recordedAt: Instant, table: NativeTable, id: Int64, version: Int) {
        self.recordedAt = recordedAt
        self.table = table
        self.id = id
        self.version = version
    }

    /// The key of a version.
    public init(_ version: RowVersion) {
        self.init(recordedAt: version.meta.updatedAt, table: version.table, id: version.id, version: version.version)
    }
}

/// A page of changes and where the next one starts.
public struct ChangePage: Sendable {
    public var items: [RowVersion]
    public var next: ChangeKey?

    public init(items: [RowVersion], next: ChangeKey?) {
        self.items = items
        self.next = next
    }
}

/// Which versions `HealthStore.changes` returns.
public struct ChangeQuery: Sendable, Hashable {
    public var tables: [NativeTable]
    /// Only versions recorded after this instant.
    public var since: Instant?
    /// Only the version of each row that was current at this instant (never a deletion).
    public var at: Instant?
    public var limit: Int
    public var after: ChangeKey?
    /// Only versions of rows these users own, for the tables named (a Patient compartment, applied in
    /// the query); a table not named here is not limited.
    public var owners: [NativeTable: [Int64]]

    public init(tables: [NativeTable], since: Instant? = nil, at: Instant? = nil, limit: Int, after: ChangeKey? = nil,
                owners: [NativeTable: [Int64]] = [:]) {
        self.tables = tables
        self.since = since
        self.at = at
        self.owners = owners
        self.limit = min(max(limit, 1), PageRequest.maximumLimit)
        self.after = after
    }
}
