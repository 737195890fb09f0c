/// A record of one native table: its columns, its JSON form and its domain rules.
///
/// A record holds only what a client writes. The row's identity and bookkeeping (`id`, `user_id`,
/// `version`, timestamps) live in `StoredUser` / `StoredMeasurement`, so the same value serves as
/// input of a write and as content of a read.
public protocol NativeRecord: Codable, Sendable, Equatable {
    static var table: NativeTable { get }
    /// The content columns, in the order `columnValues` and `init(columns:)` use.
    static var contentColumns: [String] { get }
    /// JSON members the server computes (a unit, a duration). A client may send them back unchanged;
    /// a partial update removes them before merging so they are computed afresh.
    static var derivedKeys: Set<String> { get }

    var columnValues: [ColumnValue] { get }
    init(columns: inout ColumnReader) throws(RowDecodingError)

    /// Every rule the record breaks at time `now` (an empty array when it is valid).
    func ruleViolations(now: Instant) -> [ValidationIssue]
}

extension NativeRecord {
    /// Members of a stored row's JSON that are not content: identity and bookkeeping.
    public static var rowKeys: Set<String> { ["id", "user_id", "version", "created_at", "updated_at"] }

    /// Throws a `ValidationError` with every rule the record breaks at time `now`.
    public func validate(now: Instant) throws {
        let issues = ruleViolations(now: now)
        if !issues.isEmpty { throw ValidationError(issues) }
    }
}

/// A record of a measurement table: it belongs to a user and happens at a time.
public protocol MeasurementRecord: NativeRecord {
    /// The column that orders the table and that time ranges filter on.
    static var timeColumn: String { get }
    /// The value of `timeColumn`.
    var time: Instant { get }
    /// Where the row came from (`app`, or an EHR's identifier system); with `externalID`, the key that
    /// makes imports idempotent.
    var source: String { get set }
    var externalID: String? { get set }
}
