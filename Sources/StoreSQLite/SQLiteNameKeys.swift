import GRDB
import NativeModel

/// Keeps a user's search keys (`user_name_keys`, `users.family_key`/`given_key`) in step with the
/// name, in the transaction that writes the user.
enum SQLiteNameKeys {
    static func write(userID: Int64, givenName: String?, familyName: String?, db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM user_name_keys WHERE user_id = ?").execute(arguments: [userID])
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO user_name_keys (key, part, user_id) VALUES (?, ?, ?)")
        for (part, name) in [("family", familyName), ("given", givenName)] {
            for key in name.map(NameFolding.keys) ?? [] {
                try insert.execute(arguments: [key, part, userID])
            }
        }
        // Never NULL ('' without a name), so the sort keys are plain indexed columns.
        try db.cachedStatement(sql: "UPDATE users SET family_key = ?, given_key = ? WHERE id = ?")
            .execute(arguments: [familyName.map(NameFolding.fold) ?? "", givenName.map(NameFolding.fold) ?? "", userID])
    }

    /// Every user's keys, for a database that had users before the keys existed.
    static func rebuildAll(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT id, given_name, family_name FROM users")
        for row in rows {
            try write(userID: row[0], givenName: row[1], familyName: row[2], db: db)
        }
    }
}
