/// What counts as better for a component: more (steps), or closer to a healthy range (sleep, glucose,
/// heart rate, BMI, blood pressure), where too much is as bad as too little.
public enum ScoreTarget: Sendable, Hashable {
    case higherIsBetter
    case healthyRange(ClosedRange<Double>)

    /// How far from ideal a value is: lower is better. Two values compare by it alone.
    public func shortfall(_ value: Double) -> Double {
        switch self {
        case .higherIsBetter: return -value
        case .healthyRange(let range):
            if value < range.lowerBound { return range.lowerBound - value }
            if value > range.upperBound { return value - range.upperBound }
            return 0
        }
    }
}
