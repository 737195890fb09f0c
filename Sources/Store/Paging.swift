public import NativeModel

/// Where a keyset page starts: after the row with this sort key and id. Pages are never addressed by
/// offset, so walking them stays fast and sees every row once while rows are added.
public struct PageKey: Sendable, Hashable {
    /// The sort column's value of the last row seen (milliseconds for time-ordered tables; unused for users).
    public var time: Int64
    public var id: Int64

    public init(time: Int64 = 0, id: Int64) {
        self.time = time
        self.id = id
    }
}

public struct PageRequest: Sendable, Hashable {
    public static let maximumLimit = 1000

    public var limit: Int
    public var after: PageKey?

    /// `limit` is clamped to 1...`maximumLimit`.
    public init(limit: Int, after: PageKey? = nil) {
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.after = after
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Where the next page starts; nil on the last page.
    public var next: PageKey?

    public init(items: [Item], next: PageKey?) {
        self.items = items
        self.next = next
    }
}

/// A half-open time range `[from, to)` on a measurement table's time column; either end may be open.
public struct TimeRange: Sendable, Hashable {
    public var from: Instant?
    public var to: Instant?

    public init(from: Instant? = nil, to: Instant? = nil) {
        self.from = from
        self.to = to
    }

    public static let all = TimeRange()
}
