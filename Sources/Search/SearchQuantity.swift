/// A quantity search value (http://hl7.org/fhir/R4/search.html#quantity): a prefix, a number and
/// optionally `|system|code`. The number keeps its precision: `eq5.4` means a value in
/// [5.35, 5.45), as the spec asks for numbers.
public struct SearchQuantity: Sendable, Hashable {
    public var prefix: SearchPrefix
    public var number: Double
    /// Half the unit of the number's last digit (0.05 for `5.4`, 0.5 for `100`).
    public var halfStep: Double
    public var system: String?
    public var code: String?

    public init(prefix: SearchPrefix, number: Double, halfStep: Double, system: String?, code: String?) {
        self.prefix = prefix
        self.number = number
        self.halfStep = halfStep
        self.system = system
        self.code = code
    }
}
