import Foundation

/// The values a measurement can physically take, with the unit they are in. Values outside are
/// rejected as impossible, by the domain rules and again by the tables' `CHECK` constraints.
public struct PlausibleRange: Sendable, Hashable {
    public var bounds: ClosedRange<Double>
    /// The UCUM unit of the bounds, e.g. `mg/dL`.
    public var unit: String

    public init(_ bounds: ClosedRange<Double>, unit: String) {
        self.bounds = bounds
        self.unit = unit
    }

    /// An `out_of_range` issue for `value` at `field`, or nil when it is plausible.
    public func check(_ value: Double, field: String, what: String) -> ValidationIssue? {
        guard value.isFinite else {
            return ValidationIssue(.outOfRange, field: field, "\(what) must be a finite number")
        }
        if bounds.contains(value) { return nil }
        // UCUM annotations such as `{steps}` are for machines; messages leave them out.
        let unit = self.unit.hasPrefix("{") ? "" : " " + self.unit
        return ValidationIssue(
            .outOfRange, field: field,
            "\(what) of \(value.compactDescription)\(unit) is outside the plausible range "
                + "\(bounds.lowerBound.compactDescription)–\(bounds.upperBound.compactDescription)\(unit)"
        )
    }
}

extension Double {
    /// `8000` rather than `8000.0`; other values in the shortest form that reads back to the same
    /// double, never with an exponent (`0.00002`, not `2e-05`): also the lexical form of a FHIR decimal.
    public var compactDescription: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        let text = String(self)
        guard text.contains("e") else { return text }
        var fixed = String(format: "%.15f", self)
        while fixed.hasSuffix("0") { fixed.removeLast() }
        return fixed
    }
}
