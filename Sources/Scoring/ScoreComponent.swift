import NativeModel
public import Store
public import Terminology

/// One part of the health score: which series it reads, how a day and a patient reduce to one value,
/// how much data it needs, what is better, and its weight. The table is the method: the README and
/// `Profiles/OperationDefinition-health-score.json` state the same numbers.
public enum ScoreComponent: String, Sendable, Hashable, CaseIterable {
    case steps
    case sleep
    case glucose
    case restingHeartRate = "resting-heart-rate"
    case bmi
    case bloodPressure = "blood-pressure"

    /// The measure whose LOINC code and UCUM unit the component reports.
    public var measure: Measure {
        switch self {
        case .steps: return .steps
        case .sleep: return .sleepDuration
        case .glucose: return .glucose
        case .restingHeartRate: return .heartRate
        case .bmi: return .bmi
        case .bloodPressure: return .systolicBloodPressure
        }
    }

    /// The series the component's values come from.
    public var series: MeasurementSeries { measure.series }

    /// The factor from the series' unit to the reported unit (sleep is stored in minutes, scored in hours).
    var scale: Double { measure.seriesScale }

    /// The LOINC code the component reports.
    public var loinc: LOINCConcept { MeasureCatalog.definition(of: measure).code }

    /// The UCUM unit of the component's values.
    public var unit: String { MeasureCatalog.definition(of: measure).unit.code }

    public var dailyRule: DailyRule {
        switch self {
        case .steps, .sleep: return .largestSourceTotal
        case .glucose, .bmi, .bloodPressure: return .mean
        case .restingHeartRate: return .minimum
        }
    }

    /// The fewest days with data a patient needs for the component to count.
    public var minimumDays: Int {
        switch self {
        case .steps, .sleep: return 7
        case .restingHeartRate: return 3
        case .glucose, .bmi, .bloodPressure: return 1
        }
    }

    public var target: ScoreTarget {
        switch self {
        case .steps: return .higherIsBetter
        case .sleep: return .healthyRange(7...9)
        case .glucose: return .healthyRange(70...99)
        case .restingHeartRate: return .healthyRange(50...70)
        case .bmi: return .healthyRange(18.5...24.9)
        case .bloodPressure: return .healthyRange(90...120)
        }
    }

    /// The component's share of the score when every component is present (they add up to 1).
    public var weight: Double {
        switch self {
        case .steps: return 0.25
        case .sleep: return 0.20
        case .glucose, .restingHeartRate, .bmi: return 0.15
        case .bloodPressure: return 0.10
        }
    }

    /// Decimals the component's values are reported with.
    public var decimals: Int {
        switch self {
        case .steps: return 0
        case .sleep: return 2
        case .glucose, .restingHeartRate, .bmi, .bloodPressure: return 1
        }
    }
}
