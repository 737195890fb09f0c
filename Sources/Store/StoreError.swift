public import NativeModel

/// Why a store refused a read or a write. Every case but `unavailable` and `fault` is the client's
/// doing; the HTTP layers map each case to one status.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The row does not exist (or does not belong to the user named).
    case notFound(NativeTable, id: Int64)
    /// A unique key is taken: `field` names it (`id`, `external_id`).
    case conflict(NativeTable, field: String, message: String)
    /// The row's current version is not the one the write expected.
    case versionMismatch(NativeTable, id: Int64, expected: Int, actual: Int)
    /// The records broke domain rules; `operation` is the index of the offending operation.
    case invalid(operation: Int, ValidationError)
    /// A `createdBy(operation:)` reference that does not name an earlier `createUser` of the batch, or a
    /// user reference that names nobody.
    case badReference(operation: Int, message: String)
    /// A match or a reference by identifier that names `matches` users where it must name one
    /// (http://hl7.org/fhir/R4/http.html#ccreate: "Multiple matches: 412 Precondition Failed").
    case ambiguous(operation: Int, ExternalIdentifier, matches: Int)
    /// The database cannot be reached or is busy beyond the timeout.
    case unavailable(String)
    /// Something the store itself got wrong; the message is for logs, not for clients.
    case fault(String)

    public var description: String {
        switch self {
        case .notFound(let table, let id): return "no row \(id) in \(table)"
        case .conflict(_, let field, let message): return "\(field): \(message)"
        case .versionMismatch(let table, let id, let expected, let actual):
            return "row \(id) of \(table) is at version \(actual), not \(expected)"
        case .invalid(let index, let error): return "operation \(index): \(error)"
        case .badReference(let index, let message): return "operation \(index): \(message)"
        case .ambiguous(let index, let identifier, let matches):
            return "operation \(index): \(matches) users have the identifier \(identifier.system)|\(identifier.value)"
        case .unavailable(let message): return "store unavailable: \(message)"
        case .fault(let message): return "store fault: \(message)"
        }
    }
}
