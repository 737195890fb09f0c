/// What a blood test measures, with the canonical UCUM unit its value is stored in and the range of
/// values a living person can have.
public enum Analyte: String, Sendable, Hashable, CaseIterable, Codable {
    case glucose
    case hba1c
    case totalCholesterol = "total_cholesterol"
    case hdlCholesterol = "hdl_cholesterol"
    case ldlCholesterol = "ldl_cholesterol"
    case triglycerides

    /// The UCUM code of the stored value.
    public var unit: String {
        switch self {
        case .hba1c: return "%"
        default: return "mg/dL"
        }
    }

    public var plausibleRange: PlausibleRange {
        switch self {
        case .glucose: return PlausibleRange(10...1_500, unit: unit)
        case .hba1c: return PlausibleRange(2...25, unit: unit)
        case .totalCholesterol: return PlausibleRange(40...1_500, unit: unit)
        case .hdlCholesterol: return PlausibleRange(5...250, unit: unit)
        case .ldlCholesterol: return PlausibleRange(5...1_000, unit: unit)
        case .triglycerides: return PlausibleRange(10...20_000, unit: unit)
        }
    }
}
