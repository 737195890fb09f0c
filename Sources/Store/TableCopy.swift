/// What `health-gateway migrate-data` copies from one store to another, row for row: every table of
/// the native schema (ARCHITECTURE.md, "Native tables") with the bookkeeping that makes ids, versions,
/// history, imports and the audit trail (its sequence numbers and hashes, so the chain still verifies)
/// what they were, in an order that satisfies the foreign keys. Both engines'
/// migrations give these tables the same names and columns.
public enum TableCopy {
    /// Parents before children: users before what references them.
    public static let tables = [
        "store_metadata", "users", "user_identifiers", "user_name_keys", "user_sources", "retired_ids",
        "physical_activity", "sleep", "blood_tests", "vital_signs", "row_history",
        "audit_trail", "audit_trail_keys", "audit_trail_anchor",
    ]

    /// The tables whose `id` a sequence hands out on the target; after a copy it continues past the
    /// largest copied id.
    public static let tablesWithIDSequences = [
        "users", "user_identifiers", "physical_activity", "sleep", "blood_tests", "vital_signs", "row_history",
    ]

    /// Whether `name` is a plain lower-case SQL identifier: table and column names are spliced into
    /// statements, so only such names are.
    public static func isPlainIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || $0 == UInt8(ascii: "_") }
    }
}

/// A table's columns, and the columns of its primary key (the order a copy walks it in).
public struct TableLayout: Sendable, Equatable {
    public var columns: [String]
    public var key: [String]

    public init(columns: [String], key: [String]) {
        self.columns = columns
        self.key = key
    }

    /// The positions of the key columns in `columns`.
    public var keyPositions: [Int] { key.compactMap { columns.firstIndex(of: $0) } }
}
