public import Foundation
import GRDB
import NativeModel
public import Store

extension SQLiteStore {
    /// Copies the database into a new file at `destination` with SQLite's online backup API
    /// (https://www.sqlite.org/backup.html), while the server goes on writing: the copy is one consistent
    /// state of the database (a read transaction's, in WAL mode). The copy is written beside the
    /// destination and moved into place once it is whole; then it is opened alone, checked with `PRAGMA
    /// integrity_check` and its rows counted. An existing destination is replaced.
    public func backup(to destination: URL) async throws -> StoreBackup {
        let manager = FileManager.default
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: partial) }
        do {
            try manager.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            let copy = try DatabaseQueue(path: partial.path)
            try writer.backup(to: copy)
            try await copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            try copy.close()
            try? manager.removeItem(at: destination)
            try manager.moveItem(at: partial, to: destination)
        } catch {
            throw StoreError.unavailable("backup to \(destination.path) failed: \(error)")
        }
        return try Self.check(destination)
    }

    /// Opens a backup read-only, alone: its integrity and its rows.
    private static func check(_ file: URL) throws -> StoreBackup {
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: file.path, configuration: configuration)
            defer { try? queue.close() }
            return try queue.read { db in
                let problems = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                var counts: [NativeTable: Int] = [:]
                for table in NativeTable.allCases {
                    counts[table] = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.rawValue)") ?? 0
                }
                let bytes = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
                return StoreBackup(file: file, bytes: bytes, integrity: problems.joined(separator: "; "), rowCounts: counts)
            }
        } catch {
            throw StoreError.unavailable("the backup \(file.path) cannot be read back: \(error)")
        }
    }
}
