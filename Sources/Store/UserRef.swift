public import NativeModel

/// Which user a measurement written in a batch belongs to.
public enum UserRef: Sendable, Hashable {
    /// A user that already exists.
    case id(Int64)
    /// The user that the `createUser` operation at this index of the same batch creates, so one atomic
    /// write can add a user and their measurements (a transaction Bundle's `urn:uuid:` references).
    case createdBy(operation: Int)
    /// The user who has this identifier when the operation runs (a conditional reference such as
    /// `Patient?identifier=system|value`); none is a `badReference`, several are `ambiguous`.
    case identifier(ExternalIdentifier)
    /// The user an import made of the source system's record `reference` (`Patient/ehr-1`, see
    /// `UserMatch.sourceReference`), also earlier in the same batch; when no import has met it, the
    /// user `elseID` (a reference such as `Patient/42` that names a user of the gateway itself). Neither
    /// is a `badReference`.
    case sourceRecord(String, elseID: Int64?)
}
