/// One search parameter as a client sent it, parsed: `date=ge2026-01-01` or
/// `code=http://loinc.org|2339-0,4548-4`. Its values are alternatives (any may match); two
/// criteria on the same parameter must both hold.
public struct SearchCriterion: Sendable, Hashable {
    public enum Value: Sendable, Hashable {
        case token(SearchToken)
        case string(String)
        case date(SearchPrefix, SearchDate)
        case quantity(SearchQuantity)
        /// A reference as written (`Patient/1`, `1`, an absolute URL).
        case reference(String)
    }

    public var name: String
    public var modifier: String?
    /// The parameter of the referenced resource a chain names (`patient.family` → `family`); its
    /// values are then values of that parameter (http://hl7.org/fhir/R4/search.html#chaining).
    public var chain: String?
    /// The chained parameter's own modifier (`patient.family:exact` → `exact`).
    public var chainModifier: String?
    public var values: [Value]

    public init(name: String, modifier: String? = nil, chain: String? = nil, chainModifier: String? = nil, values: [Value]) {
        self.name = name
        self.modifier = modifier
        self.chain = chain
        self.chainModifier = chainModifier
        self.values = values
    }
}
