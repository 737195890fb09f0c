import Foundation

extension Double {
    /// The value rounded half away from zero to `places` decimal places: one rule for every figure the
    /// gateway rounds (converted units, generated measurements, scores and statistics).
    public func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
