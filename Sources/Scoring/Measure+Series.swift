import NativeModel
public import Store
public import Terminology

extension Measure {
    /// The native series an Observation of this measure takes its value from. The blood pressure
    /// panel has no value of its own (its components do); its rows are found by their systolic value.
    public var series: MeasurementSeries {
        switch self {
        case .steps: return .steps
        case .walkingDistance: return .distance
        case .activeEnergy: return .activeEnergy
        case .exerciseDuration: return .activeMinutes
        case .sleepDuration: return .sleepMinutes
        case .glucose: return .bloodTest(.glucose)
        case .hba1c: return .bloodTest(.hba1c)
        case .totalCholesterol: return .bloodTest(.totalCholesterol)
        case .hdlCholesterol: return .bloodTest(.hdlCholesterol)
        case .ldlCholesterol: return .bloodTest(.ldlCholesterol)
        case .triglycerides: return .bloodTest(.triglycerides)
        case .bodyWeight: return .vitalSign(.bodyWeight)
        case .bodyHeight: return .vitalSign(.bodyHeight)
        case .bmi: return .vitalSign(.bmi)
        case .heartRate: return .vitalSign(.heartRate)
        case .bloodPressure, .systolicBloodPressure: return .systolic
        case .diastolicBloodPressure: return .diastolic
        }
    }

    /// The factor from the series' stored unit to the measure's UCUM unit (sleep is stored in minutes
    /// and reported in hours).
    public var seriesScale: Double { self == .sleepDuration ? 1.0 / 60 : 1 }
}
