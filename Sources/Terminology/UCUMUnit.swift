/// A unit of the Unified Code for Units of Measure (https://ucum.org), as a `Quantity` carries it:
/// `system` is always UCUM, `code` the case-sensitive UCUM expression, `display` for people.
public struct UCUMUnit: Sendable, Hashable {
    public static let system = "http://unitsofmeasure.org"

    public var code: String
    public var display: String

    public init(_ code: String, display: String) {
        self.code = code
        self.display = display
    }
}
