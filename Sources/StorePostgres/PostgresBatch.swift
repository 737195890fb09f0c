import NativeModel
import PostgresNIO
import Store

/// The operations of one `apply` call inside its transaction on PostgreSQL: the same rules as
/// `SQLiteBatch` (through `WritePlanning`), in PostgreSQL's SQL, and safe between gateway nodes.
///
/// Matching a person (`createOrMatchUser`, a reference by identifier or source record) first takes a
/// transaction advisory lock on each identifier and source reference it will look up: a concurrent
/// batch on any node that would match the same person waits until this one commits, then finds the
/// user it made. (The identifiers cannot be a unique key: real people share them, migration 0010 of
/// the SQLite store.) Locks are taken in a fixed order per operation; a deadlock between two batches
/// is rolled back by PostgreSQL and the batch runs again (`PostgresStore.write`). Measurements keyed
/// by source are protected by their unique index: the batch that loses the race runs again and
/// matches the winner's row.
struct PostgresBatch {
    let connection: PostgresConnection
    let now: Instant
    var createdUsers: [Int: Int64] = [:]
    var knownUsers = Set<Int64>()
    private var usersByIdentifier: [ExternalIdentifier: Int64] = [:]
    var usersBySource: [String: Int64] = [:]
    private var lockedKeys = Set<String>()

    init(connection: PostgresConnection, now: Instant) {
        self.connection = connection
        self.now = now
    }

    private var timestamp: ColumnValue { .integer(now.millisecondsSince1970) }

    /// Applies every operation in order; runs of measurement creates go through `applyRun`, runs of
    /// user matches through `applyUserRun`.
    mutating func apply(_ operations: [WriteOperation]) async throws -> [WriteOutcome] {
        var outcomes: [WriteOutcome] = []
        outcomes.reserveCapacity(operations.count)
        var index = 0
        while index < operations.count {
            let run = operations[index...].prefix(while: Self.joinsRun)
            if run.count >= Self.shortestRun {
                outcomes += try await applyRun(run, start: index)
                index += run.count
                continue
            }
            let userRun = operations[index...].prefix(while: Self.joinsUserRun)
            if userRun.count >= Self.shortestRun {
                outcomes += try await applyUserRun(userRun, start: index)
                index += userRun.count
                continue
            }
            if case .setMetadataFromOutcomes(let key, let value) = operations[index] {
                outcomes.append(try await apply(.setMetadata(key: key, value: try value(outcomes)), at: index))
            } else {
                outcomes.append(try await apply(operations[index], at: index))
            }
            index += 1
        }
        return outcomes
    }

    mutating func apply(_ operation: WriteOperation, at index: Int) async throws -> WriteOutcome {
        switch operation {
        case .createUser(let record):
            let id = try await insertUser(record, id: nil)
            createdUsers[index] = id
            knownUsers.insert(id)
            return WritePlanning.outcome(.created, .users, id: id, userID: nil, at: now)

        case .createUserWithID(let id, let record):
            guard id > 0 else { throw StoreError.conflict(.users, field: "id", message: "ids are positive numbers") }
            try await lock(["users/id/\(id)"])
            let used = "SELECT 1 FROM users WHERE id = ? UNION ALL "
                + "SELECT 1 FROM retired_ids WHERE table_name = 'users' AND row_id = ? LIMIT 1"
            if try await !connection.rows(SQLFragment(used, [.integer(id), .integer(id)])).isEmpty {
                throw StoreError.conflict(.users, field: "id", message: "user \(id) exists or existed; ids are never reused")
            }
            _ = try await insertUser(record, id: id)
            // The sequence must never hand out this id later.
            try await connection.run(SQLFragment(
                "SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST(?, (SELECT last_value FROM users_id_seq)))",
                [.integer(id)]))
            createdUsers[index] = id
            knownUsers.insert(id)
            return WritePlanning.outcome(.created, .users, id: id, userID: nil, at: now)

        case .updateUser(let id, let record, let expectedVersion):
            let current = try await currentVersion(.users, id: id, expectedVersion: expectedVersion)
            try await PostgresRowVersions.keep(current, on: connection)
            try await update(.users, id: id, values: record.columnValues)
            try await replaceSearchKeys(of: id, with: record)
            usersByIdentifier = [:]  // an identifier may have moved
            return WritePlanning.outcome(.updated, .users, id: id, userID: nil, after: current, at: now)

        case .deleteUser(let id, let expectedVersion):
            let current = try await currentVersion(.users, id: id, expectedVersion: expectedVersion)
            try await PostgresRowVersions.keepDeletion(of: current, at: now, on: connection)
            for table in NativeTable.measurementTables {  // the rows the cascade is about to delete
                for version in try await PostgresRowVersions.owned(by: id, in: table, on: connection) {
                    try await PostgresRowVersions.keepDeletion(of: version, at: now, on: connection)
                }
            }
            try await connection.run(SQLFragment("DELETE FROM users WHERE id = ?", [.integer(id)]))
            try await connection.run(SQLFragment(
                "INSERT INTO retired_ids (table_name, row_id) VALUES ('users', ?) ON CONFLICT DO NOTHING", [.integer(id)]))
            knownUsers.remove(id)
            usersByIdentifier = usersByIdentifier.filter { $0.value != id }
            usersBySource = usersBySource.filter { $0.value != id }
            return WritePlanning.outcome(.deleted, .users, id: id, userID: nil, after: current, at: now)

        case .createMeasurement(let record, let owner):
            let userID = try await resolve(owner, at: index)
            try await requireUser(userID)
            let table = type(of: record).table
            let id = try await insert(WriteStatements.sql(WriteStatements.postgres.insert, table), values: record.columnValues,
                                      leading: userID)
            return WritePlanning.outcome(.created, table, id: id, userID: userID, at: now)

        case .updateMeasurement(let id, let record, let owner, let expectedVersion):
            let table = type(of: record).table
            let userID = try await resolve(owner, at: index)
            let current = try await currentVersion(table, id: id, expectedVersion: expectedVersion, owner: userID)
            try await PostgresRowVersions.keep(current, on: connection)
            try await update(table, id: id, values: record.columnValues)
            return WritePlanning.outcome(.updated, table, id: id, userID: userID, after: current, at: now)

        case .deleteMeasurement(let table, let id, let owner, let expectedVersion):
            var userID: Int64?
            if let owner { userID = try await resolve(owner, at: index) }
            let current = try await currentVersion(table, id: id, expectedVersion: expectedVersion, owner: userID)
            try await PostgresRowVersions.keepDeletion(of: current, at: now, on: connection)
            try await connection.run(SQLFragment("DELETE FROM \(table.rawValue) WHERE id = ?", [.integer(id)]))
            return WritePlanning.outcome(.deleted, table, id: id, userID: current.userID, after: current, at: now)

        case .createOrMatchUser(let record, let match, let whenFound):
            try await lock(match)
            guard let found = try await user(matching: match, at: index) else {
                let outcome = try await apply(.createUser(record), at: index)
                if let reference = match.sourceReference { try await remember(reference, as: outcome.id) }
                return outcome
            }
            createdUsers[index] = found
            usersByIdentifier = [:]  // the match may replace the user's identifiers
            if let reference = match.sourceReference { try await remember(reference, as: found) }
            let current = try await currentVersion(.users, id: found, expectedVersion: nil)
            if try WritePlanning.keepsFound(current, record: record, whenFound: whenFound) {
                return WriteOutcome(change: .unchanged, table: .users, id: found, userID: nil, meta: current.meta)
            }
            try await PostgresRowVersions.keep(current, on: connection)
            try await update(.users, id: found, values: record.columnValues)
            try await replaceSearchKeys(of: found, with: record)
            return WritePlanning.outcome(.updated, .users, id: found, userID: nil, after: current, at: now)

        case .createOrMatchMeasurement(let record, let owner, let whenFound):
            let userID = try await resolve(owner, at: index)
            let table = type(of: record).table
            guard let externalID = record.externalID else {  // no key of its own: the owner's row with the same content
                let sameContent = try WriteStatements.sql(WriteStatements.postgres.sameContent, table)
                let arguments = [.integer(userID), .integer(record.time.millisecondsSince1970)] + record.columnValues
                guard let found = try await connection.integer(SQLFragment(sameContent, arguments)) else {
                    return try await apply(.createMeasurement(record, owner: .id(userID)), at: index)
                }
                let current = try await currentVersion(table, id: found, expectedVersion: nil)
                return WriteOutcome(change: .unchanged, table: table, id: found, userID: userID, meta: current.meta)
            }
            let keyed = try await connection.integer(SQLFragment(
                try WriteStatements.sql(WriteStatements.postgres.sourceKey, table),
                [.text(record.source), .text(externalID), .integer(userID)]))
            guard let found = keyed else {
                return try await apply(.createMeasurement(record, owner: .id(userID)), at: index)
            }
            let current = try await currentVersion(table, id: found, expectedVersion: nil)
            if try WritePlanning.keepsFound(current, record: record, whenFound: whenFound) {
                return WriteOutcome(change: .unchanged, table: table, id: found, userID: userID, meta: current.meta)
            }
            try await PostgresRowVersions.keep(current, on: connection)
            try await update(table, id: found, values: record.columnValues)
            return WritePlanning.outcome(.updated, table, id: found, userID: userID, after: current, at: now)

        case .setMetadata(let key, let value):
            try await connection.run(SQLFragment("INSERT INTO store_metadata (key, value) VALUES (?, ?) "
                                                 + "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                                 [.text(key), .text(value)]))
            return WritePlanning.outcome(.metadata, nil, id: 0, userID: nil, at: now)

        case .addMetadata(let key, let value):
            try await connection.run(SQLFragment("INSERT INTO store_metadata (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                                                 [.text(key), .text(value)]))
            return WritePlanning.outcome(.metadata, nil, id: 0, userID: nil, at: now)

        case .removeMetadata(let key):
            try await connection.run(SQLFragment("DELETE FROM store_metadata WHERE key = ?", [.text(key)]))
            return WritePlanning.outcome(.metadata, nil, id: 0, userID: nil, at: now)

        case .setMetadataFromOutcomes:
            throw StoreError.fault("setMetadataFromOutcomes reached the batch without its outcomes")
        }
    }

    // MARK: Users by reference and by match

    mutating func resolve(_ owner: UserRef, at index: Int) async throws -> Int64 {
        switch owner {
        case .id(let id): return id
        case .createdBy(let operation):
            guard operation < index, let id = createdUsers[operation] else {
                throw StoreError.badReference(operation: index,
                                              message: "operation \(operation) is not an earlier createUser of this batch")
            }
            return id
        case .identifier(let identifier):
            if let id = usersByIdentifier[identifier] { return id }
            let found = try await users(with: identifier)
            guard let id = found.first else {
                throw StoreError.badReference(
                    operation: index, message: "no user has the identifier \(identifier.system)|\(identifier.value)")
            }
            guard found.count == 1 else { throw StoreError.ambiguous(operation: index, identifier, matches: found.count) }
            usersByIdentifier[identifier] = id
            return id
        case .sourceRecord(let reference, let elseID):
            if let id = usersBySource[reference] { return id }
            if let id = try await user(importedAs: reference) {
                usersBySource[reference] = id
                return id
            }
            guard let elseID else {
                throw StoreError.badReference(operation: index, message: "no import has met the record '\(reference)'")
            }
            return elseID
        }
    }

    /// Takes the match locks of `match` (its source reference and each identifier) in one statement,
    /// in a fixed order.
    private mutating func lock(_ match: UserMatch) async throws {
        try await lock(Self.lockKeys(of: match))
    }

    /// Transaction advisory locks on `keys` (each hashed to 64 bits), in sorted order, held until the
    /// batch commits.
    mutating func lock(_ keys: [String]) async throws {
        let new = Set(keys).subtracting(lockedKeys).sorted()
        guard !new.isEmpty else { return }
        let values = Array(repeating: "(?)", count: new.count).joined(separator: ", ")
        try await connection.run(SQLFragment(
            "SELECT pg_advisory_xact_lock(hashtextextended(k.key, 0)) FROM (VALUES \(values)) AS k (key)", new.map { .text($0) }))
        lockedKeys.formUnion(new)
    }

    /// The user `match` finds: the one an import met under its source reference, else the only user
    /// with its first identifier that has one (skipping imported users when the match has a source
    /// reference), looked up in one statement.
    private func user(matching match: UserMatch, at index: Int) async throws -> Int64? {
        var branches: [String] = []
        var arguments: [ColumnValue] = []
        if let reference = match.sourceReference {
            branches.append("(SELECT 0 AS position, user_id FROM user_sources WHERE reference = ?)")
            arguments.append(.text(reference))
        }
        let skipImported = match.sourceReference != nil
            ? " AND NOT EXISTS (SELECT 1 FROM user_sources WHERE user_sources.user_id = user_identifiers.user_id)" : ""
        for (position, identifier) in match.identifiers.enumerated() {
            branches.append("(SELECT DISTINCT \(position + 1)::bigint AS position, user_id FROM user_identifiers "
                + "WHERE system = ? AND value = ?\(skipImported))")
            arguments += [.text(identifier.system), .text(identifier.value)]
        }
        guard !branches.isEmpty else { return nil }
        var found: [Int: [Int64]] = [:]
        for row in try await connection.rows(SQLFragment(branches.joined(separator: " UNION ALL ") + " ORDER BY 1, 2", arguments)) {
            guard row.count == 2, case .integer(let position) = row[0], case .integer(let id) = row[1] else {
                throw StoreError.fault("a user match read back malformed")
            }
            found[Int(position), default: []].append(id)
        }
        if match.sourceReference != nil, let id = found[0]?.first { return id }
        for (position, identifier) in match.identifiers.enumerated() {
            guard let ids = found[position + 1], let id = ids.first else { continue }
            guard ids.count == 1 else { throw StoreError.ambiguous(operation: index, identifier, matches: ids.count) }
            return id
        }
        return nil
    }

    /// The users with `identifier`, by id.
    private func users(with identifier: ExternalIdentifier) async throws -> [Int64] {
        try await connection.rows(SQLFragment(
            "SELECT DISTINCT user_id FROM user_identifiers WHERE system = ? AND value = ? ORDER BY user_id",
            [.text(identifier.system), .text(identifier.value)]))
            .compactMap { row in if case .integer(let id) = row.first { id } else { nil } }
    }

    private func user(importedAs reference: String) async throws -> Int64? {
        try await connection.integer(SQLFragment("SELECT user_id FROM user_sources WHERE reference = ?", [.text(reference)]))
    }

    private mutating func remember(_ reference: String, as userID: Int64) async throws {
        try await connection.run(SQLFragment("INSERT INTO user_sources (reference, user_id) VALUES (?, ?) "
                                             + "ON CONFLICT (reference) DO UPDATE SET user_id = excluded.user_id",
                                             [.text(reference), .integer(userID)]))
        usersBySource[reference] = userID
    }

    private mutating func requireUser(_ id: Int64) async throws {
        if knownUsers.contains(id) { return }
        guard try await connection.integer(SQLFragment("SELECT 1 FROM users WHERE id = ?", [.integer(id)])) != nil else {
            throw StoreError.notFound(.users, id: id)
        }
        knownUsers.insert(id)
    }

    // MARK: Rows

    private func currentVersion(_ table: NativeTable, id: Int64, expectedVersion: Int?, owner: Int64? = nil) async throws
        -> RowVersion
    {
        try WritePlanning.check(try await PostgresRowVersions.current(table, id: id, forUpdate: true, on: connection), table, id: id,
                                expectedVersion: expectedVersion, owner: owner)
    }

    private func insert(_ sql: String, values: [ColumnValue], leading: Int64?) async throws -> Int64 {
        let arguments = (leading.map { [ColumnValue.integer($0)] } ?? []) + values + [timestamp, timestamp, .integer(1)]
        guard let id = try await connection.integer(SQLFragment(sql, arguments)) else {
            throw StoreError.fault("an insert returned no id")
        }
        return id
    }

    private func update(_ table: NativeTable, id: Int64, values: [ColumnValue]) async throws {
        try await connection.run(SQLFragment(try WriteStatements.sql(WriteStatements.postgres.update, table),
                                             values + [timestamp, .integer(id)]))
    }

    /// Inserts a new user (with the id the client chose, or the sequence's next) with their
    /// identifiers, name keys and sort keys, in one statement; returns the id.
    private func insertUser(_ record: UserRecord, id: Int64?) async throws -> Int64 {
        let columns = (id == nil ? [] : ["id"]) + UserRecord.contentColumns
            + ["family_key", "given_key", "created_at", "updated_at", "version"]
        var arguments = (id.map { [ColumnValue.integer($0)] } ?? []) + record.columnValues
            + [.text(record.familyName.map(NameFolding.fold) ?? ""), .text(record.givenName.map(NameFolding.fold) ?? ""),
               timestamp, timestamp, .integer(1)]
        var sql = "WITH u AS (INSERT INTO users (\(columns.joined(separator: ", "))) VALUES ("
            + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ") RETURNING id)"
        if !record.identifiers.isEmpty {
            sql += ", identifiers AS (INSERT INTO user_identifiers (user_id, system, value) SELECT u.id, v.system, v.value "
                + "FROM u, (VALUES " + Array(repeating: "(?::text, ?::text)", count: record.identifiers.count).joined(separator: ", ")
                + ") AS v (system, value))"
            arguments += record.identifiers.flatMap { [ColumnValue.text($0.system), .text($0.value)] }
        }
        let nameKeys = Self.nameKeys(of: record)
        if !nameKeys.isEmpty {
            sql += ", names AS (INSERT INTO user_name_keys (key, part, user_id) SELECT DISTINCT v.key, v.part, u.id "
                + "FROM u, (VALUES " + Array(repeating: "(?::text, ?::text)", count: nameKeys.count).joined(separator: ", ")
                + ") AS v (key, part))"
            arguments += nameKeys.flatMap { [ColumnValue.text($0.key), .text($0.part)] }
        }
        guard let inserted = try await connection.integer(SQLFragment(sql + " SELECT id FROM u", arguments)) else {
            throw StoreError.fault("an insert returned no id")
        }
        return inserted
    }

    /// The keys `user_name_keys` holds for the record's names (`NameFolding.keys`).
    static func nameKeys(of record: UserRecord) -> [(key: String, part: String)] {
        [("family", record.familyName), ("given", record.givenName)].flatMap { part, name in
            (name.map(NameFolding.keys) ?? []).map { (key: $0, part: part) }
        }
    }

    /// Replaces a stored user's identifiers, name keys and sort keys: the old ones removed, the new
    /// ones written in one statement.
    private func replaceSearchKeys(of userID: Int64, with record: UserRecord) async throws {
        try await connection.run(SQLFragment(
            "WITH identifiers AS (DELETE FROM user_identifiers WHERE user_id = ?) DELETE FROM user_name_keys WHERE user_id = ?",
            [.integer(userID), .integer(userID)]))
        var parts: [String] = []
        var arguments: [ColumnValue] = []
        if !record.identifiers.isEmpty {
            parts.append("identifiers AS (INSERT INTO user_identifiers (user_id, system, value) VALUES "
                + Array(repeating: "(?, ?, ?)", count: record.identifiers.count).joined(separator: ", ") + ")")
            arguments += record.identifiers.flatMap { [ColumnValue.integer(userID), .text($0.system), .text($0.value)] }
        }
        let nameKeys = Self.nameKeys(of: record)
        if !nameKeys.isEmpty {
            parts.append("names AS (INSERT INTO user_name_keys (key, part, user_id) VALUES "
                + Array(repeating: "(?, ?, ?)", count: nameKeys.count).joined(separator: ", ") + " ON CONFLICT DO NOTHING)")
            arguments += nameKeys.flatMap { [ColumnValue.text($0.key), .text($0.part), .integer(userID)] }
        }
        let with = parts.isEmpty ? "" : "WITH " + parts.joined(separator: ", ") + " "
        try await connection.run(SQLFragment(
            with + "UPDATE users SET family_key = ?, given_key = ? WHERE id = ?",
            arguments + [.text(record.familyName.map(NameFolding.fold) ?? ""), .text(record.givenName.map(NameFolding.fold) ?? ""),
                         .integer(userID)]))
    }
}
