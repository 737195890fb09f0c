/// Quantiles of sorted values by linear interpolation between closest ranks: Hyndman and Fan's
/// definition 7, the default of R, NumPy and spreadsheets, so every figure can be checked by hand.
public enum Quantiles {
    /// The `p` quantile (0...1) of `sorted`, which must be ascending and not empty.
    public static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty, "the quantile of no values")
        let h = Double(sorted.count - 1) * min(max(p, 0), 1)
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// The mean of `sorted` after clamping every value to its `p` and `1 - p` quantiles.
    public static func winsorizedMean(_ sorted: [Double], clampingAt p: Double) -> Double {
        let low = quantile(sorted, p)
        let high = quantile(sorted, 1 - p)
        return sorted.reduce(0) { $0 + min(max($1, low), high) } / Double(sorted.count)
    }

    /// The index of the first element of `sorted` not less than `value` (binary search).
    static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The index of the first element of `sorted` greater than `value` (binary search).
    static func upperBound(_ sorted: [Double], _ value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
