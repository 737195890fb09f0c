/// What a vital-signs row measures, with its canonical UCUM unit and plausible range.
public enum VitalSignKind: String, Sendable, Hashable, CaseIterable, Codable {
    case bodyWeight = "body_weight"
    case bodyHeight = "body_height"
    case bmi
    case heartRate = "heart_rate"
    /// Systolic and diastolic pressure, one row (one Observation with two components).
    case bloodPressure = "blood_pressure"

    public var unit: String {
        switch self {
        case .bodyWeight: return "kg"
        case .bodyHeight: return "cm"
        case .bmi: return "kg/m2"
        case .heartRate: return "/min"
        case .bloodPressure: return "mm[Hg]"
        }
    }

    /// The range of `value`; for blood pressure see `systolicRange` and `diastolicRange`.
    public var plausibleRange: PlausibleRange {
        switch self {
        case .bodyWeight: return PlausibleRange(0.5...650, unit: unit)
        case .bodyHeight: return PlausibleRange(20...280, unit: unit)
        case .bmi: return PlausibleRange(5...200, unit: unit)
        case .heartRate: return PlausibleRange(20...300, unit: unit)
        case .bloodPressure: return PlausibleRange(20...300, unit: unit)
        }
    }

    public static let systolicRange = PlausibleRange(40...300, unit: "mm[Hg]")
    public static let diastolicRange = PlausibleRange(20...200, unit: "mm[Hg]")
}
