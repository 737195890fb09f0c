/// How one day's points of a component become that day's value.
public enum DailyRule: Sendable, Hashable {
    /// Totals per source, then the largest source's total: a phone and a watch that both counted the
    /// day's steps are one day, not two days' worth.
    case largestSourceTotal
    /// The mean of the day's readings, whatever their source.
    case mean
    /// The lowest reading of the day: a resting heart rate.
    case minimum

    /// The value of one day's `(source, value)` points; nil for no points.
    func value(of points: [(source: String, value: Double)]) -> Double? {
        guard !points.isEmpty else { return nil }
        switch self {
        case .largestSourceTotal:
            var totals: [String: Double] = [:]
            for point in points { totals[point.source, default: 0] += point.value }
            return totals.values.max()
        case .mean: return points.reduce(0) { $0 + $1.value } / Double(points.count)
        case .minimum: return points.map(\.value).min()
        }
    }
}
