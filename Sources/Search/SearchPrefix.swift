/// The comparison prefix of a date, number or quantity value (http://hl7.org/fhir/R4/search.html#prefix).
public enum SearchPrefix: String, Sendable, Hashable, CaseIterable {
    case eq, ne, lt, gt, le, ge, sa, eb, ap
}
