public import NativeModel
public import Terminology

/// Which measure each native column or code stands for.
public enum MeasureRows {
    public static func measure(of analyte: Analyte) -> Measure {
        switch analyte {
        case .glucose: return .glucose
        case .hba1c: return .hba1c
        case .totalCholesterol: return .totalCholesterol
        case .hdlCholesterol: return .hdlCholesterol
        case .ldlCholesterol: return .ldlCholesterol
        case .triglycerides: return .triglycerides
        }
    }

    public static func measure(of kind: VitalSignKind) -> Measure {
        switch kind {
        case .bodyWeight: return .bodyWeight
        case .bodyHeight: return .bodyHeight
        case .bmi: return .bmi
        case .heartRate: return .heartRate
        case .bloodPressure: return .bloodPressure
        }
    }

    public static func analyte(of measure: Measure) -> Analyte? {
        Analyte.allCases.first { self.measure(of: $0) == measure }
    }

    public static func vitalSignKind(of measure: Measure) -> VitalSignKind? {
        VitalSignKind.allCases.first { self.measure(of: $0) == measure }
    }

    /// The value of an activity measure in a row, in the measure's canonical unit.
    public static func value(of measure: Measure, in record: ActivityRecord) -> Double? {
        switch measure {
        case .steps: return record.steps.map(Double.init)
        case .walkingDistance: return record.distanceMeters
        case .activeEnergy: return record.energyKilocalories
        case .exerciseDuration: return record.activeMinutes
        default: return nil
        }
    }

    /// The row with the value of one activity measure set (nil clears it).
    public static func setting(_ measure: Measure, to value: Double?, in record: ActivityRecord) -> ActivityRecord {
        var record = record
        switch measure {
        case .steps: record.steps = value.flatMap { Int(exactly: $0.rounded()) }
        case .walkingDistance: record.distanceMeters = value
        case .activeEnergy: record.energyKilocalories = value
        case .exerciseDuration: record.activeMinutes = value
        default: break
        }
        return record
    }

    /// The values a measure can take in its canonical unit: the ranges the native rules hold its
    /// column to. Incoming values are checked against it before they become a row, so a value no
    /// column can hold (`1e19` steps, `1e400`) is refused by name instead of being converted.
    public static func plausibleRange(of measure: Measure) -> PlausibleRange {
        switch measure {
        case .steps: return ActivityRecord.stepsRange
        case .walkingDistance: return ActivityRecord.distanceRange
        case .activeEnergy: return ActivityRecord.energyRange
        case .exerciseDuration: return ActivityRecord.activeMinutesRange
        case .sleepDuration: return SleepRecord.durationHoursRange
        case .glucose: return Analyte.glucose.plausibleRange
        case .hba1c: return Analyte.hba1c.plausibleRange
        case .totalCholesterol: return Analyte.totalCholesterol.plausibleRange
        case .hdlCholesterol: return Analyte.hdlCholesterol.plausibleRange
        case .ldlCholesterol: return Analyte.ldlCholesterol.plausibleRange
        case .triglycerides: return Analyte.triglycerides.plausibleRange
        case .bodyWeight: return VitalSignKind.bodyWeight.plausibleRange
        case .bodyHeight: return VitalSignKind.bodyHeight.plausibleRange
        case .bmi: return VitalSignKind.bmi.plausibleRange
        case .heartRate: return VitalSignKind.heartRate.plausibleRange
        case .bloodPressure: return VitalSignKind.bloodPressure.plausibleRange
        case .systolicBloodPressure: return VitalSignKind.systolicRange
        case .diastolicBloodPressure: return VitalSignKind.diastolicRange
        }
    }

    /// Decimal places a converted value keeps: the resolution of the canonical unit's usual devices.
    public static func decimalPlaces(_ measure: Measure) -> Int {
        switch measure {
        case .steps, .heartRate, .bloodPressure, .systolicBloodPressure, .diastolicBloodPressure: return 0
        case .bodyWeight, .sleepDuration: return 2
        default: return 1
        }
    }
}
