public import NativeModel

/// What one `WriteOperation` did: the row it touched and that row's bookkeeping afterwards.
public struct WriteOutcome: Sendable, Hashable {
    public enum Change: Sendable, Hashable {
        /// `unchanged`: a create-or-match operation found the row and left it as it was.
        case created, updated, deleted, unchanged, metadata
    }

    public var change: Change
    public var table: NativeTable?
    public var id: Int64
    /// The owning user, for measurements.
    public var userID: Int64?
    /// For a delete: the version the deletion would have had and its time.
    public var meta: RowMeta

    public init(change: Change, table: NativeTable?, id: Int64, userID: Int64?, meta: RowMeta) {
        self.change = change
        self.table = table
        self.id = id
        self.userID = userID
        self.meta = meta
    }
}
