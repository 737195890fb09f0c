import Foundation

/// Decimal rounding for converted values. (Their lexical form as FHIR decimals is
/// `Double.compactDescription`, http://hl7.org/fhir/R4/datatypes.html#decimal.)
enum DecimalText {
    /// `value` rounded to `places` decimal places.
    static func round(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
