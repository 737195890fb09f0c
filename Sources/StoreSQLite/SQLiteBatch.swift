import GRDB
import NativeModel
import Store

/// The operations of one `apply` call inside its write transaction. It remembers the users the batch
/// created, so later operations can refer to them (`UserRef.createdBy`).
struct SQLiteBatch {
    let db: Database
    let now: Instant
    private var createdUsers: [Int: Int64] = [:]
    /// Users known to exist in this transaction: a bulk load checks each owner once, not once per row.
    private var knownUsers = Set<Int64>()
    /// The users found by identifier in this transaction: an import names each owner by identifier once
    /// per row. (Only lookups that found a user; a user the batch deletes is forgotten.)
    private var usersByIdentifier: [ExternalIdentifier: Int64] = [:]
    /// The users of source records (`UserRef.sourceRecord`) found or remembered in this transaction.
    private var usersBySource: [String: Int64] = [:]
    /// The batch's row statements, found in GRDB's statement cache once per transaction rather than once
    /// per row (the cache is keyed by the SQL text, hashed on every lookup).
    private var statements: [SQLiteStatements.Key: Statement] = [:]

    init(db: Database, now: Instant) {
        self.db = db
        self.now = now
    }

    private var timestamp: Int64 { now.millisecondsSince1970 }

    mutating func apply(_ operation: WriteOperation, at index: Int) throws -> WriteOutcome {
        switch operation {
        case .createUser(let record):
            let id = try insert(.insert, table: .users, values: record.columnValues, leading: nil)
            try replaceSearchKeys(of: id, with: record)
            createdUsers[index] = id
            knownUsers.insert(id)
            return outcome(.created, .users, id: id, userID: nil)

        case .createUserWithID(let id, let record):
            guard id > 0 else { throw StoreError.conflict(.users, field: "id", message: "ids are positive numbers") }
            let used = "SELECT 1 FROM users WHERE id = ? UNION ALL "
                + "SELECT 1 FROM retired_ids WHERE table_name = 'users' AND row_id = ? LIMIT 1"
            if try Row.fetchOne(db.cachedStatement(sql: used), arguments: [id, id]) != nil {
                throw StoreError.conflict(.users, field: "id", message: "user \(id) exists or existed; ids are never reused")
            }
            _ = try insert(.insertWithID, table: .users, values: record.columnValues, leading: id)
            try replaceSearchKeys(of: id, with: record)
            createdUsers[index] = id
            knownUsers.insert(id)
            return outcome(.created, .users, id: id, userID: nil)

        case .updateUser(let id, let record, let expectedVersion):
            let current = try currentVersion(.users, id: id, expectedVersion: expectedVersion)
            try SQLiteRowVersions.keep(current, db: db)
            try update(table: .users, id: id, values: record.columnValues)
            try replaceSearchKeys(of: id, with: record)
            usersByIdentifier = [:]  // an identifier may have moved
            return outcome(.updated, .users, id: id, userID: nil, after: current)

        case .deleteUser(let id, let expectedVersion):
            let current = try currentVersion(.users, id: id, expectedVersion: expectedVersion)
            try SQLiteRowVersions.keepDeletion(of: current, at: now, db: db)
            for table in NativeTable.measurementTables {  // the rows the cascade is about to delete
                for version in try SQLiteRowVersions.owned(by: id, in: table, db: db) {
                    try SQLiteRowVersions.keepDeletion(of: version, at: now, db: db)
                }
            }
            try db.execute(sql: "DELETE FROM users WHERE id = ?", arguments: [id])
            try db.execute(sql: "INSERT OR IGNORE INTO retired_ids (table_name, row_id) VALUES ('users', ?)", arguments: [id])
            knownUsers.remove(id)
            usersByIdentifier = usersByIdentifier.filter { $0.value != id }
            usersBySource = usersBySource.filter { $0.value != id }
            return outcome(.deleted, .users, id: id, userID: nil, after: current)

        case .createMeasurement(let record, let owner):
            let userID = try resolve(owner, at: index)
            try requireUser(userID)
            let table = type(of: record).table
            let id = try insert(.insert, table: table, values: record.columnValues, leading: userID)
            return outcome(.created, table, id: id, userID: userID)

        case .updateMeasurement(let id, let record, let owner, let expectedVersion):
            let table = type(of: record).table
            let userID = try resolve(owner, at: index)
            let current = try currentVersion(table, id: id, expectedVersion: expectedVersion, owner: userID)
            try SQLiteRowVersions.keep(current, db: db)
            try update(table: table, id: id, values: record.columnValues)
            return outcome(.updated, table, id: id, userID: userID, after: current)

        case .deleteMeasurement(let table, let id, let owner, let expectedVersion):
            let userID = try owner.map { try resolve($0, at: index) }
            let current = try currentVersion(table, id: id, expectedVersion: expectedVersion, owner: userID)
            try SQLiteRowVersions.keepDeletion(of: current, at: now, db: db)
            try db.execute(sql: "DELETE FROM \(table.rawValue) WHERE id = ?", arguments: [id])
            return outcome(.deleted, table, id: id, userID: current.userID, after: current)

        case .createOrMatchUser(let record, let match, let whenFound):
            guard let found = try user(matching: match, at: index) else {
                let outcome = try apply(.createUser(record), at: index)
                if let reference = match.sourceReference { try remember(reference, as: outcome.id) }
                return outcome
            }
            createdUsers[index] = found
            usersByIdentifier = [:]  // the match may replace the user's identifiers
            if let reference = match.sourceReference { try remember(reference, as: found) }
            return try matched(.users, id: found, userID: nil, record: record, whenFound: whenFound) {
                try update(table: .users, id: found, values: record.columnValues)
                try replaceSearchKeys(of: found, with: record)
            }

        case .createOrMatchMeasurement(let record, let owner, let whenFound):
            let userID = try resolve(owner, at: index)
            let table = type(of: record).table
            guard record.externalID != nil else {  // no key of its own: the owner's row with the same content
                guard let found = try sameContent(record, userID: userID) else {
                    return try apply(.createMeasurement(record, owner: .id(userID)), at: index)
                }
                let current = try currentVersion(table, id: found, expectedVersion: nil)
                return WriteOutcome(change: .unchanged, table: table, id: found, userID: userID, meta: current.meta)
            }
            let keyed = try statement(.sourceKey, table).firstInteger(in: db) { arguments in
                arguments.bind(record.source)
                arguments.bind(record.externalID)
                arguments.bind(userID)
            }
            guard let found = keyed else {
                return try apply(.createMeasurement(record, owner: .id(userID)), at: index)
            }
            return try matched(table, id: found, userID: userID, record: record, whenFound: whenFound) {
                try update(table: table, id: found, values: record.columnValues)
            }

        case .setMetadata(let key, let value):
            try db.execute(sql: "INSERT INTO store_metadata (key, value) VALUES (?, ?) "
                           + "ON CONFLICT (key) DO UPDATE SET value = excluded.value", arguments: [key, value])
            return outcome(.metadata, nil, id: 0, userID: nil)

        case .addMetadata(let key, let value):
            try db.execute(sql: "INSERT INTO store_metadata (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                           arguments: [key, value])
            return outcome(.metadata, nil, id: 0, userID: nil)

        case .removeMetadata(let key):
            try db.execute(sql: "DELETE FROM store_metadata WHERE key = ?", arguments: [key])
            return outcome(.metadata, nil, id: 0, userID: nil)

        case .setMetadataFromOutcomes:
            // `SQLiteStore.apply` computes the value from the batch's outcomes and applies it as
            // `setMetadata`; a batch never hands this case on.
            throw StoreError.fault("setMetadataFromOutcomes reached the batch without its outcomes")
        }
    }

    private func outcome(_ change: WriteOutcome.Change, _ table: NativeTable?, id: Int64, userID: Int64?) -> WriteOutcome {
        WritePlanning.outcome(change, table, id: id, userID: userID, at: now)
    }

    private func outcome(_ change: WriteOutcome.Change, _ table: NativeTable, id: Int64, userID: Int64?,
                         after previous: RowVersion) -> WriteOutcome {
        WritePlanning.outcome(change, table, id: id, userID: userID, after: previous, at: now)
    }

    private mutating func resolve(_ owner: UserRef, at index: Int) throws -> Int64 {
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
            let found = try SQLiteUserLookup.users(with: identifier, skippingImported: false, db: db)
            guard let id = found.first else {
                throw StoreError.badReference(
                    operation: index, message: "no user has the identifier \(identifier.system)|\(identifier.value)")
            }
            guard found.count == 1 else { throw StoreError.ambiguous(operation: index, identifier, matches: found.count) }
            usersByIdentifier[identifier] = id
            return id
        case .sourceRecord(let reference, let elseID):
            if let id = usersBySource[reference] { return id }
            if let id = try SQLiteUserLookup.user(importedAs: reference, db: db) {
                usersBySource[reference] = id
                return id
            }
            guard let elseID else {
                throw StoreError.badReference(operation: index, message: "no import has met the record '\(reference)'")
            }
            return elseID
        }
    }

    /// The user `match` finds (see `UserMatch`), nil when it finds nobody.
    private func user(matching match: UserMatch, at index: Int) throws -> Int64? {
        if let reference = match.sourceReference, let id = try SQLiteUserLookup.user(importedAs: reference, db: db) {
            return id
        }
        for identifier in match.identifiers {
            let found = try SQLiteUserLookup.users(with: identifier, skippingImported: match.sourceReference != nil, db: db)
            guard let id = found.first else { continue }
            guard found.count == 1 else { throw StoreError.ambiguous(operation: index, identifier, matches: found.count) }
            return id
        }
        return nil
    }

    private mutating func remember(_ reference: String, as userID: Int64) throws {
        try SQLiteUserLookup.remember(reference, as: userID, db: db)
        usersBySource[reference] = userID
    }

    /// The id of a row of `userID` whose every content column equals the record's (found through the
    /// `(user_id, time)` index), if any.
    private mutating func sameContent(_ record: any MeasurementRecord, userID: Int64) throws -> Int64? {
        try statement(.sameContent, type(of: record).table).firstInteger(in: db) { arguments in
            arguments.bind(userID)
            arguments.bind(record.time.millisecondsSince1970)
            arguments.bind(record.columnValues)
        }
    }

    /// A create-or-match operation found row `id`: it stays as it is unless `whenFound` is `.replace`
    /// and `record` differs from it, in which case history keeps the old version and `write` replaces it.
    private func matched(_ table: NativeTable, id: Int64, userID: Int64?, record: some NativeRecord,
                         whenFound: WriteOperation.WhenFound, write: () throws -> Void) throws -> WriteOutcome {
        let current = try currentVersion(table, id: id, expectedVersion: nil)
        if try WritePlanning.keepsFound(current, record: record, whenFound: whenFound) {
            return WriteOutcome(change: .unchanged, table: table, id: id, userID: userID, meta: current.meta)
        }
        try SQLiteRowVersions.keep(current, db: db)
        try write()
        return outcome(.updated, table, id: id, userID: userID, after: current)
    }

    private mutating func requireUser(_ id: Int64) throws {
        if knownUsers.contains(id) { return }
        guard try SQLiteUserLookup.exists(id, db: db) else {
            throw StoreError.notFound(.users, id: id)
        }
        knownUsers.insert(id)
    }

    /// The row's current version (read whole: history keeps it when the row changes), checking it
    /// exists, belongs to `owner` and is at `expectedVersion`.
    private func currentVersion(_ table: NativeTable, id: Int64, expectedVersion: Int?, owner: Int64? = nil) throws
        -> RowVersion
    {
        try WritePlanning.check(SQLiteRowVersions.current(table, id: id, db: db), table, id: id,
                                expectedVersion: expectedVersion, owner: owner)
    }

    /// Inserts a row of `values`, after `leading` (a measurement's `user_id`, or the id of a user
    /// created with one) and before the bookkeeping columns; returns its id.
    private mutating func insert(_ kind: SQLiteStatements.Kind, table: NativeTable, values: [ColumnValue], leading: Int64?)
        throws -> Int64
    {
        let timestamp = timestamp
        try statement(kind, table).run(in: db) { arguments in
            if let leading { arguments.bind(leading) }
            arguments.bind(values)
            arguments.bind(timestamp)
            arguments.bind(timestamp)
            arguments.bind(1)
        }
        return db.lastInsertedRowID
    }

    private mutating func update(table: NativeTable, id: Int64, values: [ColumnValue]) throws {
        let timestamp = timestamp
        try statement(.update, table).run(in: db) { arguments in
            arguments.bind(values)
            arguments.bind(timestamp)
            arguments.bind(id)
        }
    }

    /// The prepared statement of `kind` for `table`, from GRDB's cache the first time in the batch.
    private mutating func statement(_ kind: SQLiteStatements.Kind, _ table: NativeTable) throws -> Statement {
        let key = SQLiteStatements.Key(kind: kind, table: table)
        if let statement = statements[key] { return statement }
        guard let sql = SQLiteStatements.sql(kind, table) else { throw StoreError.fault("no \(kind) statement for \(table)") }
        let statement = try db.cachedStatement(sql: sql)
        statements[key] = statement
        return statement
    }

    /// The user's identifiers and name keys, written with the user.
    private func replaceSearchKeys(of userID: Int64, with record: UserRecord) throws {
        try replaceIdentifiers(of: userID, with: record.identifiers)
        try SQLiteNameKeys.write(userID: userID, givenName: record.givenName, familyName: record.familyName, db: db)
    }

    private func replaceIdentifiers(of userID: Int64, with identifiers: [ExternalIdentifier]) throws {
        try db.cachedStatement(sql: "DELETE FROM user_identifiers WHERE user_id = ?").execute(arguments: [userID])
        let insert = try db.cachedStatement(sql: "INSERT INTO user_identifiers (user_id, system, value) VALUES (?, ?, ?)")
        for identifier in identifiers {
            try insert.execute(arguments: [userID, identifier.system, identifier.value])
        }
    }
}
