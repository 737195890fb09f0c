/// The type of a search parameter, which fixes how its values are written and matched
/// (http://hl7.org/fhir/R4/search.html#ptypes).
public enum SearchParameterType: String, Sendable, Hashable {
    case token
    case string
    case date
    case reference
    case quantity
}
