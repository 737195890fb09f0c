public import NativeModel

/// A sort key of a store search. Every search ends with tie-breakers the store adds (for measurements
/// the table, the row id and the arm; for users the id), so the order is total and a position in it
/// is a keyset cursor.
public struct SearchSortKey: Sendable, Hashable {
    public enum Field: String, Sendable, Hashable {
        case id
        case startTime
        case updatedAt
        case birthDate
        case familyName
        case givenName
    }

    public var field: Field
    public var descending: Bool

    public init(_ field: Field, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}

/// A search of the users table.
public struct UserSearch: Sendable, Hashable {
    /// All must hold.
    public var conditions: [RowCondition]
    public var sort: [SearchSortKey]

    public init(conditions: [RowCondition] = [], sort: [SearchSortKey] = []) {
        self.conditions = conditions
        self.sort = sort
    }
}

/// One part of a measurement search: the rows of one table that meet all `conditions`, reported
/// with `tag` (the planner's name for what these rows are, such as which measure of an activity row).
public struct MeasurementArm: Sendable, Hashable {
    public var table: NativeTable
    public var tag: Int
    public var conditions: [RowCondition]

    public init(table: NativeTable, tag: Int, conditions: [RowCondition]) {
        self.table = table
        self.tag = tag
        self.conditions = conditions
    }
}

/// A search across measurement tables: the union of its arms, in one order. A row that meets two
/// arms is reported once per arm (an activity row holds several measures).
public struct MeasurementSearch: Sendable, Hashable {
    public var arms: [MeasurementArm]
    public var sort: [SearchSortKey]

    public init(arms: [MeasurementArm], sort: [SearchSortKey] = []) {
        self.arms = arms
        self.sort = sort
    }
}

/// Where a row stands in a search's order: the values of its sort keys and tie-breakers. Opaque to
/// callers; they hand it back to read the page after (or before) it.
public struct SearchPosition: Sendable, Hashable {
    public var values: [ColumnValue]

    public init(values: [ColumnValue]) {
        self.values = values
    }
}

/// Which page of a search to read: up to `limit` rows after `position` (or the first rows), or the
/// `limit` rows just before it when `backward`.
public struct SearchPageRequest: Sendable, Hashable {
    public var limit: Int
    public var position: SearchPosition?
    public var backward: Bool
    /// Count every match as well (FHIR `_total=accurate`).
    public var countTotal: Bool

    public init(limit: Int, position: SearchPosition? = nil, backward: Bool = false, countTotal: Bool = false) {
        self.limit = max(limit, 0)
        self.position = position
        self.backward = backward
        self.countTotal = countTotal
    }
}

/// A row found, with its position in the search's order.
public struct SearchHit<Item: Sendable>: Sendable {
    public var item: Item
    public var position: SearchPosition

    public init(item: Item, position: SearchPosition) {
        self.item = item
        self.position = position
    }
}

/// A page of a search, in the search's order (also when read backward).
public struct SearchPage<Item: Sendable>: Sendable {
    public var hits: [SearchHit<Item>]
    /// Whether rows follow the page in the direction it was read: after it, or before it when read
    /// backward.
    public var hasMore: Bool
    /// Every match, when the request asked for the count.
    public var total: Int?

    public init(hits: [SearchHit<Item>], hasMore: Bool, total: Int? = nil) {
        self.hits = hits
        self.hasMore = hasMore
        self.total = total
    }
}

/// A measurement row a search found, and the arm that found it.
public struct MeasurementHit: Sendable {
    public enum Row: Sendable {
        case activity(StoredMeasurement<ActivityRecord>)
        case sleep(StoredMeasurement<SleepRecord>)
        case bloodTest(StoredMeasurement<BloodTestRecord>)
        case vitalSign(StoredMeasurement<VitalSignRecord>)

        /// The owner of the row.
        public var userID: Int64 {
            switch self {
            case .activity(let row): return row.userID
            case .sleep(let row): return row.userID
            case .bloodTest(let row): return row.userID
            case .vitalSign(let row): return row.userID
            }
        }
    }

    public var tag: Int
    public var row: Row

    public init(tag: Int, row: Row) {
        self.tag = tag
        self.row = row
    }
}
