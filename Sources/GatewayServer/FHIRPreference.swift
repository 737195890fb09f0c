/// The `Prefer` header's `return` preference (http://hl7.org/fhir/R4/http.html#ops): what a create,
/// update or delete answers with.
enum FHIRReturnPreference: Equatable {
    case minimal, representation, operationOutcome

    init(prefer: String?) {
        let tokens = (prefer ?? "").split(separator: ",").flatMap { $0.split(separator: ";") }
            .map { $0.filter { !$0.isWhitespace }.lowercased() }
        if tokens.contains("return=minimal") {
            self = .minimal
        } else if tokens.contains("return=operationoutcome") {
            self = .operationOutcome
        } else {
            self = .representation
        }
    }
}
