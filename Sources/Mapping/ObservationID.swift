public import NativeModel
public import Terminology

/// The logical id of an Observation, derived from the native row it is a view of
/// (../shared/ARCHITECTURE.md): `act-42-steps` (one of the values of activity row 42), `sleep-7`,
/// `lab-9`, `vital-3`. Stable as long as the row lives.
public enum ObservationID: Sendable, Hashable, CustomStringConvertible {
    case activity(row: Int64, Measure)
    case sleep(row: Int64)
    case bloodTest(row: Int64)
    case vitalSign(row: Int64)

    /// The measures an activity row holds, each its own Observation.
    public static let activityMeasures: [Measure] = [.steps, .walkingDistance, .activeEnergy, .exerciseDuration]

    /// The id of the Observation of `measure` that row `row` of the measure's table stands for.
    public init(_ measure: Measure, row: Int64) {
        switch MeasureCatalog.definition(of: measure).category {
        case .activity where Self.activityMeasures.contains(measure): self = .activity(row: row, measure)
        case .activity: self = .sleep(row: row)
        case .laboratory: self = .bloodTest(row: row)
        case .vitalSigns: self = .vitalSign(row: row)
        }
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let row = Int64(parts[1]), row > 0, String(row) == parts[1] else { return nil }
        switch (parts[0], parts.count) {
        case ("act", 3):
            guard let measure = Measure(rawValue: String(parts[2])), Self.activityMeasures.contains(measure) else {
                return nil
            }
            self = .activity(row: row, measure)
        case ("sleep", 2): self = .sleep(row: row)
        case ("lab", 2): self = .bloodTest(row: row)
        case ("vital", 2): self = .vitalSign(row: row)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .activity(let row, let measure): return "act-\(row)-\(measure.rawValue)"
        case .sleep(let row): return "sleep-\(row)"
        case .bloodTest(let row): return "lab-\(row)"
        case .vitalSign(let row): return "vital-\(row)"
        }
    }

    public var table: NativeTable {
        switch self {
        case .activity: return .physicalActivity
        case .sleep: return .sleep
        case .bloodTest: return .bloodTests
        case .vitalSign: return .vitalSigns
        }
    }

    public var row: Int64 {
        switch self {
        case .activity(let row, _), .sleep(let row), .bloodTest(let row), .vitalSign(let row): return row
        }
    }
}
