public import NativeModel

/// A column a search condition or sort key reads. Measurement tables differ in their time columns,
/// so the time of a row is named by what it means, not by its column: the store knows which column
/// of which table that is.
public enum RowColumn: Sendable, Hashable {
    case id
    /// The owner of a measurement row.
    case userID
    /// When a measurement starts (`start_time`, or `measured_at` for an instant).
    case startTime
    /// When a measurement ends (`end_time`, or `measured_at` for an instant).
    case endTime
    /// How long a measurement lasted, in milliseconds: `end_time - start_time` of an activity row; of a
    /// sleep row, the time asleep (`asleep_minutes` when set, else the whole window).
    case durationMilliseconds
    case updatedAt
    /// The first and the last day of a user's birth date as `YYYY-MM-DD` (a year-only birth date spans
    /// the year), so a date search compares ranges.
    case birthDateFirstDay
    case birthDateLastDay
    /// One of the table's content columns, by name (`analyte`, `value`, `gender`, …); the store
    /// refuses a name its table does not have.
    case content(String)
}

/// How a column compares to a value.
public enum Comparison: String, Sendable, Hashable {
    case equal = "="
    case notEqual = "<>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// The part of a user's name a name condition reads: FHIR `family` or `given`; nil for both (`name`).
public enum NamePart: String, Sendable, Hashable {
    case family
    case given
}

/// One condition of a store search, in native terms: the search planner (Mapping) turns FHIR search
/// parameters into these, and each store turns them into its own SQL.
public indirect enum RowCondition: Sendable, Hashable {
    case compare(RowColumn, Comparison, ColumnValue)
    case isNull(RowColumn)
    case oneOf(RowColumn, [ColumnValue])
    /// A text column equal to `value` ignoring ASCII case (emails).
    case equalIgnoringCase(RowColumn, String)
    /// Users whose name, or a word of it, starts with `prefix` in its folded form (`NameFolding`).
    case nameStarts(with: String, part: NamePart?)
    /// Users whose folded name contains `text`.
    case nameContains(String, part: NamePart?)
    /// Users whose name is exactly `text` (case and accents count).
    case nameIs(String, part: NamePart?)
    /// Users with an identifier of `value` in `system` (nil: in any system).
    case identifier(system: String?, value: String)
    /// Measurement rows whose owner meets `condition`, a condition on users (a chained search,
    /// `Observation?patient.identifier=…`, `subject:Patient.birthdate=…`).
    case owner(RowCondition)
    /// Users with at least one measurement row that some arm of `search` finds (a reverse chain,
    /// `Patient?_has:Observation:patient:code=…`); the arms' tags are not read.
    case hasMeasurement([MeasurementArm])
    case any([RowCondition])
    case all([RowCondition])
    case not(RowCondition)

    /// A condition no row meets.
    public static let never = RowCondition.any([])
}
