public import Foundation
public import NativeModel

/// What a backup of a database wrote and found (`health-gateway backup`): the copy's size, SQLite's
/// `integrity_check` of it, and the rows of each native table in it.
public struct StoreBackup: Sendable, Hashable {
    public var file: URL
    public var bytes: Int64
    /// `ok`, or the problems `PRAGMA integrity_check` lists.
    public var integrity: String
    public var rowCounts: [NativeTable: Int]

    public init(file: URL, bytes: Int64, integrity: String, rowCounts: [NativeTable: Int]) {
        self.file = file
        self.bytes = bytes
        self.integrity = integrity
        self.rowCounts = rowCounts
    }
}
