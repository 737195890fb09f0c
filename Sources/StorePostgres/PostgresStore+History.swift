import Foundation
public import NativeModel
import PostgresNIO
public import Store

extension PostgresStore {
    public func series(_ queries: [SeriesQuery]) async throws -> [[SeriesPoint]] {
        let statements = SeriesSQL(dialect: .postgres)
        return try await read { connection in
            var answers: [[SeriesPoint]] = []
            for query in queries {
                answers.append(try await connection.rows(statements.select(query)).map { row in
                    var columns = ColumnReader(row, table: query.series.table.rawValue)
                    return SeriesPoint(userID: try columns.integer(), rowID: try columns.integer(),
                                       time: Instant(millisecondsSince1970: try columns.integer()),
                                       utcOffsetMinutes: Int(try columns.integer()), source: try columns.text(),
                                       value: try columns.double())
                })
            }
            return answers
        }
    }

    public func userIDRange() async throws -> ClosedRange<Int64>? {
        try await connection { connection in
            guard let row = try await connection.rows(SQLFragment("SELECT min(id), max(id) FROM users")).first,
                  case .integer(let low) = row[0], case .integer(let high) = row[1] else { return nil }
            return low...high
        }
    }

    public func history(of table: NativeTable, id: Int64, page: PageRequest) async throws -> Page<RowVersion> {
        try await read { connection in
            let below = Page.historyStart(page)
            return Page.history(
                current: try await PostgresRowVersions.current(table, id: id, on: connection),
                kept: try await PostgresRowVersions.kept(table, id: id, below: below, limit: page.limit + 1, on: connection),
                page: page)
        }
    }

    @discardableResult
    public func pruneHistory(recordedBefore cutoff: Instant) async throws -> Int {
        try await write { connection in
            Int(try await connection.integer(SQLFragment(
                "WITH pruned AS (DELETE FROM row_history WHERE updated_at < ? RETURNING 1) SELECT count(*) FROM pruned",
                [.integer(cutoff.millisecondsSince1970)])) ?? 0)
        }
    }

    public func changes(_ query: ChangeQuery) async throws -> ChangePage {
        try await read { connection in
            let rows = try await connection.rows(ChangesSQL(dialect: .postgres).select(query))
            var items: [RowVersion] = []
            for row in rows.prefix(query.limit) {
                var columns = ColumnReader(row, table: "changes")
                guard let table = NativeTable(rawValue: try columns.text()) else { continue }
                let id = try columns.integer(), userID = try columns.integer(), version = Int(try columns.integer())
                let deleted = try columns.integer() == 1
                let meta = RowMeta(version: version, createdAt: Instant(millisecondsSince1970: try columns.integer()),
                                   updatedAt: Instant(millisecondsSince1970: try columns.integer()))
                let kept = try columns.optionalText()
                let isCurrent = try columns.integer() == 1
                var content: Data?
                if isCurrent {
                    content = try await PostgresRowVersions.current(table, id: id, on: connection)?.content
                } else {
                    content = kept.map { Data($0.utf8) }
                }
                items.append(RowVersion(table: table, id: id, userID: userID, version: version,
                                        change: deleted ? .deleted : version == 1 ? .created : .updated, meta: meta,
                                        content: deleted ? nil : content))
            }
            let next = rows.count > query.limit ? items.last.map(ChangeKey.init) : nil
            return ChangePage(items: items, next: next)
        }
    }
}
