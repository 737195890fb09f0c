import NativeModel
import PostgresNIO
import Store

/// Runs of `createOrMatchUser` (the Patient lines of an import chunk) in a fixed number of statements:
/// one for every match lock of the run, two to look up every source reference and identifier the run
/// matches by, one for the new ids, then one multi-row insert each into `users`, `user_identifiers`,
/// `user_name_keys` and `user_sources`. One by one, each person cost four round trips (lock, match,
/// insert, source), and a chunk of Patients was slower than the rest of its import together.
///
/// The outcome is the one of applying the operations in order:
/// - an operation that finds a stored user, or whose identifiers or source reference any earlier
///   operation of the run names (in its match or its record), is applied afterwards on its own
///   (`PostgresBatch.apply`), so it sees every write before it exactly as in sequence; the others
///   depend on nothing earlier in the run and are created together, with ids in their order;
/// - the locks are the same transaction advisory locks the single path takes, all before the lookups,
///   so a concurrent batch on any node that would match the same person waits for this one.
extension PostgresBatch {
    static func joinsUserRun(_ operation: WriteOperation) -> Bool {
        if case .createOrMatchUser = operation { return true }
        return false
    }

    mutating func applyUserRun(_ run: ArraySlice<WriteOperation>, start: Int) async throws -> [WriteOutcome] {
        var matches: [(record: UserRecord, match: UserMatch)] = []
        for operation in run {
            guard case .createOrMatchUser(let record, let match, _) = operation else {
                throw StoreError.fault("operation \(start + matches.count) cannot join a run of user matches")
            }
            matches.append((record, match))
        }
        try await lock(matches.flatMap { Self.lockKeys(of: $0.match) })
        let sources = try await importedUsers(Array(Set(matches.compactMap(\.match.sourceReference))))
        let holders = try await identifierHolders(Array(Set(matches.flatMap(\.match.identifiers))))

        var named = Set<String>()
        var created: [Int] = []
        var alone: [Int] = []
        for (offset, (record, match)) in matches.enumerated() {
            let keys = Set(Self.lockKeys(of: match) + record.identifiers.map(Self.identifierKey))
            if !keys.isDisjoint(with: named) || Self.findsUser(match, sources: sources, holders: holders) {
                alone.append(offset)
            } else {
                created.append(offset)
            }
            named.formUnion(keys)
        }

        var outcomes: [WriteOutcome?] = Array(repeating: nil, count: matches.count)
        let ids = try await nextIDs(created.count, in: .users)
        try await insertUsers(zip(ids, created.map { matches[$0] }).map { ($0, $1.record, $1.match.sourceReference) })
        for (id, offset) in zip(ids, created) {
            createdUsers[start + offset] = id
            knownUsers.insert(id)
            if let reference = matches[offset].match.sourceReference { usersBySource[reference] = id }
            outcomes[offset] = WritePlanning.outcome(.created, .users, id: id, userID: nil, at: now)
        }
        for offset in alone {
            outcomes[offset] = try await apply(run[run.startIndex + offset], at: start + offset)
        }
        return try outcomes.map { outcome in
            guard let outcome else { throw StoreError.fault("an operation of a run of user matches was not applied") }
            return outcome
        }
    }

    /// The advisory lock keys of a match: its identifiers and its source reference.
    static func lockKeys(of match: UserMatch) -> [String] {
        match.identifiers.map(identifierKey) + (match.sourceReference.map { ["source/\($0)"] } ?? [])
    }

    private static func identifierKey(_ identifier: ExternalIdentifier) -> String {
        "identifier/\(identifier.system)|\(identifier.value)"
    }

    /// Whether `match` finds a stored user (or more than one: the single path then reports the
    /// ambiguity), by the rules of `PostgresBatch.user(matching:at:)`.
    private static func findsUser(_ match: UserMatch, sources: [String: Int64],
                                  holders: [ExternalIdentifier: [(id: Int64, imported: Bool)]]) -> Bool {
        if let reference = match.sourceReference, sources[reference] != nil { return true }
        return match.identifiers.contains { identifier in
            (holders[identifier] ?? []).contains { match.sourceReference == nil || !$0.imported }
        }
    }

    /// The users imports met under `references`.
    private func importedUsers(_ references: [String]) async throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        for slice in references.pieces(of: 1_000) {
            let values = Array(repeating: "(?::text)", count: slice.count).joined(separator: ", ")
            for row in try await connection.rows(SQLFragment(
                "SELECT s.reference, s.user_id FROM (VALUES \(values)) AS k (reference) CROSS JOIN LATERAL "
                    + "(SELECT reference, user_id FROM user_sources WHERE reference = k.reference OFFSET 0) AS s",
                slice.map { .text($0) }))
            {
                guard row.count == 2, case .text(let reference) = row[0], case .integer(let id) = row[1] else {
                    throw StoreError.fault("a source reference read back malformed")
                }
                found[reference] = id
            }
        }
        return found
    }

    /// The users holding each of `identifiers`, and whether an import met each of them.
    private func identifierHolders(_ identifiers: [ExternalIdentifier]) async throws
        -> [ExternalIdentifier: [(id: Int64, imported: Bool)]]
    {
        var found: [ExternalIdentifier: [(id: Int64, imported: Bool)]] = [:]
        for slice in identifiers.pieces(of: 1_000) {
            let values = Array(repeating: "(?::text, ?::text)", count: slice.count).joined(separator: ", ")
            for row in try await connection.rows(SQLFragment(
                "SELECT i.system, i.value, i.user_id, EXISTS (SELECT 1 FROM user_sources WHERE user_sources.user_id = i.user_id) "
                    + "FROM (VALUES \(values)) AS k (system, value) CROSS JOIN LATERAL (SELECT DISTINCT system, value, user_id "
                    + "FROM user_identifiers WHERE system = k.system AND value = k.value OFFSET 0) AS i",
                slice.flatMap { [ColumnValue.text($0.system), .text($0.value)] }))
            {
                guard row.count == 4, case .text(let system) = row[0], case .text(let value) = row[1],
                      case .integer(let id) = row[2], case .integer(let imported) = row[3] else {
                    throw StoreError.fault("an identifier's holder read back malformed")
                }
                found[ExternalIdentifier(system: system, value: value), default: []].append((id, imported != 0))
            }
        }
        return found
    }

    /// New users with the ids given them, their identifiers, name keys, sort keys and source
    /// references: one multi-row insert per table.
    private func insertUsers(_ users: [(id: Int64, record: UserRecord, reference: String?)]) async throws {
        guard !users.isEmpty else { return }
        let stamp = ColumnValue.integer(now.millisecondsSince1970)
        try await insertRows(
            into: "users", columns: ["id"] + UserRecord.contentColumns + ["family_key", "given_key", "created_at", "updated_at", "version"],
            users.map { user in
                [.integer(user.id)] + user.record.columnValues
                    + [.text(user.record.familyName.map(NameFolding.fold) ?? ""), .text(user.record.givenName.map(NameFolding.fold) ?? ""),
                       stamp, stamp, .integer(1)]
            })
        try await insertRows(into: "user_identifiers", columns: ["user_id", "system", "value"], users.flatMap { user in
            user.record.identifiers.map { [.integer(user.id), .text($0.system), .text($0.value)] }
        })
        try await insertRows(into: "user_name_keys", columns: ["key", "part", "user_id"], users.flatMap { user in
            Self.nameKeys(of: user.record).map { [.text($0.key), .text($0.part), .integer(user.id)] }
        }, then: " ON CONFLICT DO NOTHING")
        try await insertRows(into: "user_sources", columns: ["reference", "user_id"], users.compactMap { user in
            user.reference.map { [.text($0), .integer(user.id)] }
        }, then: " ON CONFLICT (reference) DO UPDATE SET user_id = excluded.user_id")
    }

    /// `rows` inserted into `table` (`SQLFragment.inserts`).
    private func insertRows(into table: String, columns: [String], _ rows: [[ColumnValue]], then suffix: String = "") async throws {
        for statement in SQLFragment.inserts(into: table, columns: columns, rows, then: suffix) {
            try await connection.run(statement)
        }
    }
}
