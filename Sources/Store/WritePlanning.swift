public import NativeModel

/// The write rules every engine applies the same way, whatever its SQL: records checked before the
/// transaction, a row's current version checked against the operation, the versions a change
/// produces (the next version, the tombstone of a deletion), and the outcome reported.
public enum WritePlanning {
    /// Checks every record of `operations` against its domain rules; the first operation with a
    /// violation is `StoreError.invalid`, naming it.
    public static func validate(_ operations: [WriteOperation], now: Instant) throws {
        for (index, operation) in operations.enumerated() {
            let issues: [ValidationIssue]
            switch operation {
            case .createUser(let record), .updateUser(_, let record, _), .createOrMatchUser(let record, _, _),
                 .createUserWithID(_, let record):
                issues = record.ruleViolations(now: now)
            case .createMeasurement(let record, _), .updateMeasurement(_, let record, _, _):
                issues = record.ruleViolations(now: now)
            case .createOrMatchMeasurement(let record, _, _):
                issues = record.ruleViolations(now: now)
            case .deleteUser, .deleteMeasurement, .setMetadata, .addMetadata, .removeMetadata, .setMetadataFromOutcomes:
                issues = []
            }
            if !issues.isEmpty { throw StoreError.invalid(operation: index, ValidationError(issues)) }
        }
    }

    /// Checks that the row read as `current` (nil: none) exists, belongs to `owner` (when given) and is
    /// at `expectedVersion` (when given); returns it.
    public static func check(_ current: RowVersion?, _ table: NativeTable, id: Int64, expectedVersion: Int?,
                             owner: Int64? = nil) throws -> RowVersion {
        guard let current else { throw StoreError.notFound(table, id: id) }
        if let owner, current.userID != owner { throw StoreError.notFound(table, id: id) }
        if let expectedVersion, expectedVersion != current.version {
            throw StoreError.versionMismatch(table, id: id, expected: expectedVersion, actual: current.version)
        }
        return current
    }

    /// The tombstone history keeps when the row of `version` is deleted at `now`: the next version, no content.
    public static func deletion(of version: RowVersion, at now: Instant) -> RowVersion {
        var deletion = version
        deletion.version += 1
        deletion.change = .deleted
        deletion.meta = RowMeta(version: version.version + 1, createdAt: version.meta.createdAt, updatedAt: now)
        deletion.content = nil
        return deletion
    }

    /// The outcome of a new row (version 1) or of metadata written at `now`.
    public static func outcome(_ change: WriteOutcome.Change, _ table: NativeTable?, id: Int64, userID: Int64?,
                               at now: Instant) -> WriteOutcome {
        WriteOutcome(change: change, table: table, id: id, userID: userID, meta: RowMeta(version: 1, createdAt: now, updatedAt: now))
    }

    /// The outcome of a change at `now` to the row whose version before it was `previous`: the next
    /// version, created when the row was.
    public static func outcome(_ change: WriteOutcome.Change, _ table: NativeTable, id: Int64, userID: Int64?,
                               after previous: RowVersion, at now: Instant) -> WriteOutcome {
        WriteOutcome(change: change, table: table, id: id, userID: userID,
                     meta: RowMeta(version: previous.version + 1, createdAt: previous.meta.createdAt, updatedAt: now))
    }

    /// Whether a create-or-match operation that found `current` leaves it as it is: asked to keep it,
    /// or asked to replace it with the same content.
    public static func keepsFound(_ current: RowVersion, record: some NativeRecord, whenFound: WriteOperation.WhenFound)
        throws -> Bool
    {
        try whenFound == .keep || current.content == NativeJSON.encode(record)
    }

    /// The version of a current row: created or updated by its version number, its record's native JSON.
    public static func version(_ table: NativeTable, id: Int64, userID: Int64, meta: RowMeta, record: some NativeRecord)
        throws -> RowVersion
    {
        RowVersion(table: table, id: id, userID: userID, version: meta.version,
                   change: meta.version == 1 ? .created : .updated, meta: meta, content: try NativeJSON.encode(record))
    }
}
