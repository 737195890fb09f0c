public import NativeModel

/// One change to the native tables. A FHIR create or update, a native API call, a transaction Bundle
/// and a chunk of an import all become a list of these, applied atomically by `HealthStore.apply(_:)`:
/// one write path, one place for constraints and for bumping versions.
public enum WriteOperation: Sendable {
    case createUser(UserRecord)
    /// A user with the id `id`, which no user has ever had (FHIR's update-as-create,
    /// http://hl7.org/fhir/R4/http.html#upsert). An id in use, or once used by a deleted user, is a
    /// conflict on `id`: ids are never reused.
    case createUserWithID(id: Int64, UserRecord)
    /// Replaces the user's content and identifiers; `expectedVersion`, when given, must be the current version.
    case updateUser(id: Int64, UserRecord, expectedVersion: Int? = nil)
    /// Deletes the user and, by cascade, every row of theirs.
    case deleteUser(id: Int64, expectedVersion: Int? = nil)
    case createMeasurement(any MeasurementRecord, owner: UserRef)
    /// Replaces a measurement's content. The row must belong to `owner`; a measurement never moves
    /// to another user.
    case updateMeasurement(id: Int64, any MeasurementRecord, owner: UserRef, expectedVersion: Int? = nil)
    /// Deletes a measurement; when `owner` is given the row must belong to that user.
    case deleteMeasurement(NativeTable, id: Int64, owner: UserRef? = nil, expectedVersion: Int? = nil)
    /// Sets a key of the store's own metadata (e.g. that the samples were loaded), in the same transaction.
    case setMetadata(key: String, value: String)
    /// Sets a key of the store's own metadata unless it is set already (the first writer wins, also
    /// between gateway nodes racing on one database).
    case addMetadata(key: String, value: String)
    /// Removes a key of the store's own metadata, if it is there.
    case removeMetadata(key: String)
    /// Sets a key of the store's own metadata to a value computed, inside the transaction, from the
    /// outcomes of the batch's operations before it: bookkeeping that must commit with what it counts
    /// (an import job's progress and counts, saved with the chunk they describe, so a crash can never
    /// leave the chunk committed and its progress not). An error it throws rolls the batch back.
    case setMetadataFromOutcomes(key: String, value: @Sendable ([WriteOutcome]) throws -> String)

    /// The user `match` finds, if any, else a new user with this content. Found, the user is kept as is
    /// (`.keep`: FHIR's conditional create, `If-None-Exist`) or given this content if it differs
    /// (`.replace`: a conditional update, an idempotent re-import). Matching happens inside the
    /// transaction, so concurrent batches never create the same person twice; an identifier that
    /// several users share is `StoreError.ambiguous`.
    case createOrMatchUser(UserRecord, match: UserMatch, whenFound: WhenFound)
    /// The owner's row of the record's table with the record's `source` and `external_id`, kept or
    /// replaced as for users, else a new row. The key is unique per owner: another user's row with the
    /// same key is another measurement, and measurements never move between users. A record without an
    /// `external_id` matches a row of the
    /// owner with the same time and the same content (an Observation re-imported without identifier:
    /// same patient, code, time and value); found, it is left as it is.
    case createOrMatchMeasurement(any MeasurementRecord, owner: UserRef, whenFound: WhenFound)

    /// What a create-or-match operation does with the row it finds.
    public enum WhenFound: Sendable, Hashable {
        case keep, replace
    }
}
