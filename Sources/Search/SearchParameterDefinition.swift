/// A search parameter the gateway supports: its code, type, the modifiers it takes and the
/// definition it implements (http://hl7.org/fhir/R4/searchparameter.html). Every one is a parameter of
/// the R4 specification, so `definition` is its canonical URL there.
public struct SearchParameterDefinition: Sendable, Hashable {
    public var name: String
    public var type: SearchParameterType
    public var definition: String
    /// The FHIRPath the parameter reads, for this resource.
    public var expression: String
    public var documentation: String
    /// Modifiers beyond the type's own (`:exact`/`:contains` of strings are always allowed).
    public var modifiers: Set<String>
    /// Parameters that may follow it in a chain (`patient.identifier`).
    public var chains: Set<String>

    public init(
        _ name: String, _ type: SearchParameterType, definition: String, expression: String, documentation: String,
        modifiers: Set<String> = [], chains: Set<String> = []
    ) {
        self.name = name
        self.type = type
        self.definition = "http://hl7.org/fhir/SearchParameter/" + definition
        self.expression = expression
        self.documentation = documentation
        self.modifiers = modifiers
        self.chains = chains
    }
}
