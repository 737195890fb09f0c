import GRDB
import NativeModel
public import Store

extension SQLiteStore {
    /// One patient's series are a short read; a slice of the population's is not.
    public func series(_ queries: [SeriesQuery]) async throws -> [[SeriesPoint]] {
        let body = { @Sendable (db: Database) in try queries.map { try Self.series($0, db: db) } }
        return queries.contains(where: \.users.isSlice) ? try await read(body) : try await shortRead(body)
    }

    private static func series(_ query: SeriesQuery, db: Database) throws -> [SeriesPoint] {
        let query = SeriesSQL(dialect: .sqlite).select(query)
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: query.sql), arguments: arguments(query.arguments))
        var points: [SeriesPoint] = []
        while let row = try cursor.next() {
            points.append(SeriesPoint(userID: row[0], rowID: row[1], time: Instant(millisecondsSince1970: row[2]),
                                      utcOffsetMinutes: row[3], source: row[4], value: row[5]))
        }
        return points
    }

    public func userIDRange() async throws -> ClosedRange<Int64>? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT min(id), max(id) FROM users"),
                  let low: Int64 = row[0], let high: Int64 = row[1] else { return nil }
            return low...high
        }
    }
}
