/// What the SQL of the two engines' searches, series and change feeds does not share: SQL that the
/// store builders (`SearchSQL`, `KeysetSQL`, `SeriesSQL`, `ChangesSQL`) write differently for SQLite
/// and for PostgreSQL. Everything else they write is the same text.
public struct SQLDialect: Sendable {
    /// A condition that always holds and one that never does (SQLite has no booleans: `1` and `0`).
    public let `true`: String
    public let `false`: String
    /// The function giving the 1-based position of a text in another, 0 when absent
    /// (`instr(haystack, needle)`, `strpos(haystack, needle)`).
    public let position: String
    /// Writes an expression so that the planner cannot read it through an index. SQLite plans without
    /// statistics and must be told (`+column`, https://sqlite.org/optoverview.html#disqualifying_where_clause_terms_using_unary_);
    /// PostgreSQL plans by its statistics, so the expression stays as it is.
    public let unindexed: @Sendable (String) -> String
    /// What follows an INSERT for it to answer the new row's id: SQLite reports it on the connection
    /// (`lastInsertedRowID`), PostgreSQL returns it.
    public let returningID: String
    /// Equality under which NULL equals NULL.
    public let nullSafeEqual: String

    public static let sqlite = SQLDialect(true: "1", false: "0", position: "instr", unindexed: { "+" + $0 },
                                          returningID: "", nullSafeEqual: "IS")
    public static let postgres = SQLDialect(true: "TRUE", false: "FALSE", position: "strpos", unindexed: { $0 },
                                            returningID: " RETURNING id", nullSafeEqual: "IS NOT DISTINCT FROM")
}
