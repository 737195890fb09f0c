public import NativeModel

/// One kind of value in the native tables, read as a time series: the column a FHIR Observation's
/// value comes from. `$stats`, `$lastn` and the population statistics of `$health-score` read
/// through it without decoding whole rows.
public enum MeasurementSeries: Sendable, Hashable {
    /// `physical_activity.steps`, at the activity's start.
    case steps
    /// `physical_activity.distance_m`.
    case distance
    /// `physical_activity.energy_kcal`.
    case activeEnergy
    /// `physical_activity.active_minutes`.
    case activeMinutes
    /// A sleep session's length in minutes, at its end (the morning the night belongs to).
    case sleepMinutes
    /// `blood_tests.value` of one analyte, in the analyte's canonical unit.
    case bloodTest(Analyte)
    /// `vital_signs.value` of one kind (not blood pressure: see `systolic` and `diastolic`).
    case vitalSign(VitalSignKind)
    /// `vital_signs.systolic` of the blood pressure rows.
    case systolic
    /// `vital_signs.diastolic` of the blood pressure rows.
    case diastolic

    /// The table the series is read from.
    public var table: NativeTable {
        switch self {
        case .steps, .distance, .activeEnergy, .activeMinutes: return .physicalActivity
        case .sleepMinutes: return .sleep
        case .bloodTest: return .bloodTests
        case .vitalSign, .systolic, .diastolic: return .vitalSigns
        }
    }
}

/// Which users' points a series query reads.
public enum SeriesUsers: Sendable, Hashable {
    case one(Int64)
    /// Users whose ids fall in the range: the population, read a slice at a time.
    case ids(ClosedRange<Int64>)

    /// The whole population `ids` (see `HealthStore.userIDRange()`) as slices of at most `size` ids.
    public static func slices(of ids: ClosedRange<Int64>, size: Int64) -> [SeriesUsers] {
        stride(from: ids.lowerBound, through: ids.upperBound, by: Int(max(size, 1))).map { first in
            .ids(first...min(first + max(size, 1) - 1, ids.upperBound))
        }
    }
}

/// A read of one series: its points for some users within a time range.
public struct SeriesQuery: Sendable, Hashable {
    public var series: MeasurementSeries
    public var users: SeriesUsers
    /// Which points by their time: the activity's start, the sleep's end, the test's or sign's time.
    public var range: TimeRange
    /// Newest first (then by descending row id) rather than oldest first.
    public var newestFirst: Bool
    /// At most this many points; nil for all of them.
    public var limit: Int?

    public init(_ series: MeasurementSeries, users: SeriesUsers, in range: TimeRange = .all, newestFirst: Bool = false,
                limit: Int? = nil) {
        self.series = series
        self.users = users
        self.range = range
        self.newestFirst = newestFirst
        self.limit = limit
    }
}

/// One value of a series: which row it came from, when, in which local time, from which source.
public struct SeriesPoint: Sendable, Hashable {
    public var userID: Int64
    public var rowID: Int64
    public var time: Instant
    /// The UTC offset the measurement was recorded at: its local day is the patient's day.
    public var utcOffsetMinutes: Int
    public var source: String
    public var value: Double

    public init(userID: Int64, rowID: Int64, time: Instant, utcOffsetMinutes: Int, source: String, value: Double) {
        self.userID = userID
        self.rowID = rowID
        self.time = time
        self.utcOffsetMinutes = utcOffsetMinutes
        self.source = source
        self.value = value
    }

    /// The day (days since 1970-01-01) of the point's local wall-clock time.
    public var localDay: Int64 {
        let local = time.millisecondsSince1970 + Int64(utcOffsetMinutes) * 60_000
        return local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
    }
}
