/// The `Prefer` header's `return` preference (http://hl7.org/fhir/R4/http.html#ops): what a create,
/// update or delete answers with.
enum FHIRReturnPreference: Equatable {
    case minimal, representation, operationOutcome

    init(prefer: String?) {
        let tokens = Self.tokens(prefer)
        if tokens.contains("return=minimal") {
            self = .minimal
        } else if tokens.contains("return=operationoutcome") {
            self = .operationOutcome
        } else {
            self = .representation
        }
    }
}

extension FHIRReturnPreference {
    /// The `Prefer` tokens, lower-cased without spaces: `return=minimal`, `handling=lenient`.
    static func tokens(_ prefer: String?) -> [String] {
        (prefer ?? "").split(separator: ",").flatMap { $0.split(separator: ";") }
            .map { $0.filter { !$0.isWhitespace }.lowercased() }
    }

    /// Whether the client asked for lenient handling (`Prefer: handling=lenient`,
    /// http://hl7.org/fhir/R4/http.html#ops): skip what cannot be processed rather than fail.
    static func lenient(prefer: String?) -> Bool { tokens(prefer).contains("handling=lenient") }
}
