public import NativeModel

/// How a create-or-match write finds the user a record is about
/// (http://hl7.org/fhir/R4/http.html#ccreate, and the idempotent re-import of `$import`).
///
/// 1. `sourceReference`: the user an earlier import made of the source system's own record
///    (`Patient/ehr-1`), remembered by the store with that user.
/// 2. Else each of `identifiers`, in order: exactly one user with it is the match; more than one is
///    `StoreError.ambiguous` (FHIR's 412); none goes on to the next. When the write names a
///    `sourceReference`, users that an import already made of *another* source record do not count:
///    they are other people who happen to share the identifier.
/// 3. Else nobody: a new user is created. A `sourceReference` is remembered with the user either way.
public struct UserMatch: Sendable, Hashable {
    public var sourceReference: String?
    public var identifiers: [ExternalIdentifier]

    public init(sourceReference: String? = nil, identifiers: [ExternalIdentifier]) {
        self.sourceReference = sourceReference
        self.identifiers = identifiers
    }

    /// The match of a conditional create or update: the one user with this identifier.
    public static func identifier(_ identifier: ExternalIdentifier) -> UserMatch {
        UserMatch(identifiers: [identifier])
    }
}
