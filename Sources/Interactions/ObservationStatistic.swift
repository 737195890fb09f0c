import Scoring

/// The statistics `$stats` computes, coded from http://hl7.org/fhir/observation-statistics
/// (http://hl7.org/fhir/R4/codesystem-observation-statistics.html).
public enum ObservationStatistic: String, Sendable, CaseIterable {
    case average, maximum, minimum, count, sum, median
    case standardDeviation = "std-dev"
    case variance
    case percent20 = "20-percent"
    case percent80 = "80-percent"
    case lowerQuartile = "4-lower"
    case upperQuartile = "4-upper"
    case quartileDeviation = "4-dev"
    case quintile1 = "5-1"
    case quintile2 = "5-2"
    case quintile3 = "5-3"
    case quintile4 = "5-4"

    public static let system = "http://hl7.org/fhir/observation-statistics"

    /// A statistic by its code; the OperationDefinition's own shorthands `max` and `min` too.
    public init?(code: String) {
        switch code {
        case "max": self = .maximum
        case "min": self = .minimum
        default: self.init(rawValue: code)
        }
    }

    public var display: String {
        switch self {
        case .average: return "Average"
        case .maximum: return "Maximum"
        case .minimum: return "Minimum"
        case .count: return "Count"
        case .sum: return "Sum"
        case .median: return "Median"
        case .standardDeviation: return "Standard Deviation"
        case .variance: return "Variance"
        case .percent20: return "20th Percentile"
        case .percent80: return "80th Percentile"
        case .lowerQuartile: return "Lower Quartile"
        case .upperQuartile: return "Upper Quartile"
        case .quartileDeviation: return "Quartile Deviation"
        case .quintile1: return "1st Quintile"
        case .quintile2: return "2nd Quintile"
        case .quintile3: return "3rd Quintile"
        case .quintile4: return "4th Quintile"
        }
    }

    /// The statistic of `sorted` (ascending); nil where it is undefined (no values, or the spread of
    /// one value). Standard deviation and variance are the sample's (n − 1); quantiles interpolate
    /// between closest ranks, as the health score's do.
    public func value(of sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return self == .count ? 0 : nil }
        let count = Double(sorted.count)
        let sum = sorted.reduce(0, +)
        func quantile(_ p: Double) -> Double { Quantiles.quantile(sorted, p) }
        switch self {
        case .average: return sum / count
        case .maximum: return sorted.last
        case .minimum: return sorted.first
        case .count: return count
        case .sum: return sum
        case .median: return quantile(0.5)
        case .standardDeviation, .variance:
            guard sorted.count > 1 else { return nil }
            let mean = sum / count
            let variance = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
            return self == .variance ? variance : variance.squareRoot()
        case .percent20, .quintile1: return quantile(0.2)
        case .quintile2: return quantile(0.4)
        case .quintile3: return quantile(0.6)
        case .percent80, .quintile4: return quantile(0.8)
        case .lowerQuartile: return quantile(0.25)
        case .upperQuartile: return quantile(0.75)
        case .quartileDeviation: return (quantile(0.75) - quantile(0.25)) / 2
        }
    }
}
