import GRDB
import NativeModel
import Store

/// The reads and writes behind `UserMatch` and the user references of a batch: users by identifier
/// (any number of them: identifiers are shared in real data) and the source records imports have met
/// (`user_sources`).
enum SQLiteUserLookup {
    /// The users with `identifier`, lowest id first. With `skippingImported`, users an import made of a
    /// source record are left out (another source record with the same identifier is someone else).
    static func users(with identifier: ExternalIdentifier, skippingImported: Bool, db: Database) throws -> [Int64] {
        let sql = skippingImported
            ? "SELECT DISTINCT user_id FROM user_identifiers WHERE system = ? AND value = ? "
                + "AND NOT EXISTS (SELECT 1 FROM user_sources WHERE user_sources.user_id = user_identifiers.user_id) "
                + "ORDER BY user_id"
            : "SELECT DISTINCT user_id FROM user_identifiers WHERE system = ? AND value = ? ORDER BY user_id"
        return try Int64.fetchAll(db.cachedStatement(sql: sql), arguments: [identifier.system, identifier.value])
    }

    /// The user an import made of the source record `reference`, if it still exists.
    static func user(importedAs reference: String, db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT user_id FROM user_sources WHERE reference = ?"),
                           arguments: [reference])
    }

    /// Remembers that the source record `reference` is user `userID` (a later record of the same
    /// reference replaces it).
    static func remember(_ reference: String, as userID: Int64, db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO user_sources (reference, user_id) VALUES (?, ?) "
                               + "ON CONFLICT (reference) DO UPDATE SET user_id = excluded.user_id")
            .execute(arguments: [reference, userID])
    }

    static func exists(_ id: Int64, db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM users WHERE id = ?"), arguments: [id]) == true
    }
}
