public import Foundation
public import NativeModel

/// One version of a native row: the current one, one that an update or delete replaced, or the
/// deletion itself. FHIR's vread and `_history` are views of these
/// (http://hl7.org/fhir/R4/http.html#history).
public struct RowVersion: Sendable, Equatable {
    public enum Change: String, Sendable, Hashable {
        case created, updated, deleted
    }

    public var table: NativeTable
    public var id: Int64
    /// The owning user; for a row of `users`, the user's own id.
    public var userID: Int64
    public var version: Int
    public var change: Change
    /// When the row was created, and when this version was written (for a deletion: when it happened).
    public var meta: RowMeta
    /// The record's native JSON form (as the native API writes it); nil for a deletion.
    public var content: Data?

    public init(table: NativeTable, id: Int64, userID: Int64, version: Int, change: Change, meta: RowMeta, content: Data?) {
        self.table = table
        self.id = id
        self.userID = userID
        self.version = version
        self.change = change
        self.meta = meta
        self.content = content
    }

    /// The record of this version, or nil for a deletion.
    public func record<Record: NativeRecord>(_ type: Record.Type) throws -> Record? {
        try content.map { try NativeJSON.decode(type, from: $0) }
    }
}

extension Page where Item == RowVersion {
    /// A page of one row's versions, newest first (`HealthStore.history(of:id:page:)`): the current
    /// version when it is below the page's start, then the kept versions below it (read up to one more
    /// than the page holds, so the page knows whether more follow).
    public static func history(current: RowVersion?, kept: [RowVersion], page: PageRequest) -> Page {
        var versions: [RowVersion] = []
        if let current, Int64(current.version) < historyStart(page) { versions.append(current) }
        versions += kept
        let items = Array(versions.prefix(page.limit))
        let next = versions.count > page.limit ? items.last.map { PageKey(id: Int64($0.version)) } : nil
        return Page(items: items, next: next)
    }

    /// The version a history page starts below (`page.after.id` is the last version seen).
    public static func historyStart(_ page: PageRequest) -> Int64 { page.after?.id ?? Int64.max }
}
