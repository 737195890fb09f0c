public import NativeModel

/// Which user a measurement written in a batch belongs to.
public enum UserRef: Sendable, Hashable {
    /// A user that already exists.
    case id(Int64)
    /// The user that the `createUser` operation at this index of the same batch creates, so one atomic
    /// write can add a user and their measurements (a transaction Bundle's `urn:uuid:` references).
    case createdBy(operation: Int)
    /// The user who has this identifier when the operation runs (a conditional reference such as
    /// `Patient?identifier=system|value`); none is a `badReference`.
    case identifier(ExternalIdentifier)
}
