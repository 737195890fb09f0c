import Foundation
public import Logging
import NativeModel
import Store
import StorePostgres
import StoreSQLite

/// `health-gateway migrate-data --from FILE --to URL`: moves an SQLite deployment to PostgreSQL
/// (README, "PostgreSQL"; DEPLOY.md). Every table is copied row for row — ids, versions, timestamps,
/// history, deletions, identifiers, import bookkeeping and metadata as they were — in key order, a
/// page at a time; then the target's id sequences move past the copied ids, and the row counts of
/// both databases are compared table by table.
///
/// The source must not change meanwhile (stop its gateway first); the target must be empty (freshly
/// migrated). A copy that fails midway leaves a partial target: empty it and run again.
public struct DataMigration: Sendable {
    /// One table's rows in the source and, after the copy, in the target.
    public struct TableCount: Sendable, Equatable {
        public var table: String
        public var source: Int
        public var target: Int
    }

    public enum Problem: Error, CustomStringConvertible, Equatable {
        case sourceNotSQLite(String)
        case sourceMissing(String)
        case targetNotPostgres(String)
        case targetNotEmpty(String)
        case columnMissing(table: String, column: String)
        case countsDiffer([TableCount])

        public var description: String {
            switch self {
            case .sourceNotSQLite(let source): return "--from must be an SQLite file, not \(source)"
            case .sourceMissing(let path): return "no SQLite database at \(path)"
            case .targetNotPostgres(let target): return "--to must be a postgresql:// URL, not \(target)"
            case .targetNotEmpty(let target):
                return "\(target) already holds data; migrate-data copies into an empty database only"
            case .columnMissing(let table, let column):
                return "the target's \(table) has no column \(column): migrate the target with this version first"
            case .countsDiffer(let counts):
                return "row counts differ after the copy: " + counts.filter { $0.source != $0.target }
                    .map { "\($0.table) \($0.source) → \($0.target)" }.joined(separator: ", ")
            }
        }
    }

    public var pageSize = 5_000

    public init() {}

    /// Copies `source` into `target`; `progress` hears each table's rows copied so far.
    public func run(from source: StoreLocation, to target: StoreLocation, poolSize: Int = 4,
                    logger: Logger = Logger(label: "health-gateway.migrate-data"),
                    progress: @escaping @Sendable (String, Int) -> Void = { _, _ in }) async throws -> [TableCount] {
        guard case .sqlite(let path) = source else { throw Problem.sourceNotSQLite(source.description) }
        guard FileManager.default.fileExists(atPath: path) else { throw Problem.sourceMissing(path) }
        guard case .postgres(let url) = target else { throw Problem.targetNotPostgres(target.description) }
        let from = try SQLiteStore(path: path)
        let to = try PostgresStore(url: url, poolSize: poolSize, logger: logger)
        let pageSize = self.pageSize
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await to.run() }
            defer { group.cancelAll() }
            try await to.migrate()
            for table in TableCopy.tables where try await to.rowCount(of: table) > 0 {
                throw Problem.targetNotEmpty(to.description)
            }
            for table in TableCopy.tables {
                try await Self.copy(table, from: from, to: to, pageSize: pageSize, progress: progress)
            }
            try await to.advanceIDSequences()
            var counts: [TableCount] = []
            for table in TableCopy.tables {
                counts.append(TableCount(table: table, source: try await from.rowCount(of: table),
                                         target: try await to.rowCount(of: table)))
            }
            guard counts.allSatisfy({ $0.source == $0.target }) else { throw Problem.countsDiffer(counts) }
            return counts
        }
    }

    private static func copy(_ table: String, from: SQLiteStore, to: PostgresStore, pageSize: Int,
                             progress: @Sendable (String, Int) -> Void) async throws {
        let layout = try await from.layout(of: table)
        let targetColumns = Set(try await to.columns(of: table))
        if let missing = layout.columns.first(where: { !targetColumns.contains($0) }) {
            throw Problem.columnMissing(table: table, column: missing)
        }
        let keyPositions = layout.keyPositions
        var after: [ColumnValue]?
        var copied = 0
        while true {
            let rows = try await from.rows(of: table, layout: layout, after: after, limit: pageSize)
            guard let last = rows.last else { break }
            try await to.insertRows(into: table, columns: layout.columns, rows: rows)
            copied += rows.count
            progress(table, copied)
            after = keyPositions.map { last[$0] }
            if rows.count < pageSize { break }
        }
        progress(table, copied)
    }
}
