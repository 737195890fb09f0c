/// A LOINC code with its long common name, as a `Coding` carries it (http://hl7.org/fhir/R4/loinc.html).
public struct LOINCConcept: Sendable, Hashable, CustomStringConvertible {
    public static let system = "http://loinc.org"

    public var code: String
    public var display: String

    public init(_ code: String, _ display: String) {
        self.code = code
        self.display = display
    }

    public var description: String { "\(code) \(display)" }
}
