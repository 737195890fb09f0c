public import Store

/// One patient's value of one component over a window, or why there is none.
public enum PatientValue: Sendable, Hashable {
    case value(Double, days: Int)
    /// Fewer days with data than the component needs.
    case tooLittleData(days: Int)

    /// Patients with at least this many days have their days winsorized before the mean.
    public static let winsorizingFromDays = 10
    /// The patient's own percentiles their days are clamped to: 10th and 90th.
    public static let winsorizingQuantile = 0.10

    /// Reduces one patient's points of `component` to a value: day values by the component's daily
    /// rule (only days in `window`), then, with at least `winsorizingFromDays` days, each day clamped
    /// to the patient's own 10th and 90th percentiles (an odd marathon or a forgotten watch does not
    /// swing the value), then the mean.
    public static func reduce(_ points: some Sequence<SeriesPoint>, _ component: ScoreComponent,
                              window: ScoringWindow) -> PatientValue {
        var days: [Int64: [(source: String, value: Double)]] = [:]
        for point in points where window.contains(point) {
            days[point.localDay, default: []].append((point.source, point.value * component.scale))
        }
        let values = days.values.compactMap { component.dailyRule.value(of: $0) }.sorted()
        guard values.count >= component.minimumDays, !values.isEmpty else { return .tooLittleData(days: values.count) }
        let mean = values.count >= winsorizingFromDays
            ? Quantiles.winsorizedMean(values, clampingAt: winsorizingQuantile)
            : values.reduce(0, +) / Double(values.count)
        return .value(mean, days: values.count)
    }

    public var value: Double? {
        if case .value(let value, _) = self { return value }
        return nil
    }

    public var days: Int {
        switch self {
        case .value(_, let days), .tooLittleData(let days): return days
        }
    }
}
