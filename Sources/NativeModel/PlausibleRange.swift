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

    /// An `out_of_range` issue for `value` at `field`, or nil when it is plausible. `written` is the
    /// value as the client sent it, for messages about values no double holds (`1e400` reads as infinity).
    public func check(_ value: Double, field: String, what: String, written: String? = nil) -> ValidationIssue? {
        if value.isFinite, bounds.contains(value) { return nil }
        guard value.isFinite || written != nil else {
            return ValidationIssue(.outOfRange, field: field, "\(what) must be a finite number")
        }
        // UCUM annotations such as `{steps}` are for machines; messages leave them out.
        let unit = self.unit.hasPrefix("{") ? "" : " " + self.unit
        let shown = value.isFinite ? value.compactDescription : written ?? ""
        return ValidationIssue(
            .outOfRange, field: field,
            "\(what) of \(shown)\(unit) is outside the plausible range "
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
        if fixed.hasSuffix(".") { fixed.removeLast() }  // `10000000000000000000`, not `10000000000000000000.`
        return fixed
    }
}
