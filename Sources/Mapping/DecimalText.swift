import Foundation

/// Doubles as FHIR decimals (http://hl7.org/fhir/R4/datatypes.html#decimal): whole values without a
/// fraction (`120`, not `120.0`), others in the shortest form that reads back to the same double.
enum DecimalText {
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let text = "\(value)"
        guard text.contains("e") else { return text }
        return String(format: "%.12f", value).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
    }

    /// `value` rounded to `places` decimal places.
    static func round(_ value: Double, places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}
