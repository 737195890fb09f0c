import Foundation
import GRDB
import Synchronization

/// A few read-only connections of a file store reserved for short reads (a row by id, a page, one
/// patient's series), run on the calling thread, never waiting for a connection.
///
/// GRDB's async read hops threads three times (to the pool's waiting queue, to the reader's queue, back
/// to the task), and its pool reads open their transaction with a statement parsed each time. Measured
/// one read after another on the 100,000-patient benchmark database (release build), a one-row read
/// by id took 103 µs through the async read, 22 µs through the pool's synchronous read, and 7.5 µs on a
/// connection of its own (`DatabaseQueue.inDatabase`, the transaction opened by cached statements).
/// The pool's synchronous read is also unsafe here: it waits when every reader is taken, and an async
/// read gives its reader back only once its task resumes on a cooperative thread, so cooperative
/// threads waiting for readers deadlock (the benchmark harness found that in session 4). `read` never
/// waits: when every short reader is in use it returns nil, and the store takes GRDB's async read.
final class ShortReaders: Sendable {
    private let free: Mutex<[DatabaseQueue]>

    /// Opens `count` read-only connections to the database file at `path`.
    init(path: String, count: Int) throws {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // A page cache of its own of 16 MiB (SQLite's default is 2 MiB), filled as pages are read:
            // the users of a 100,000-patient database and their identifiers are about 20 MiB, and
            // every page missed is a system call.
            try db.execute(sql: "PRAGMA cache_size = -16384")
            try db.execute(sql: SQLiteStore.memoryMapping)
        }
        free = Mutex(try (0..<count).map { _ in try DatabaseQueue(path: path, configuration: configuration) })
    }

    /// As many as the cooperative pool has threads (that many tasks can run a short read at once), from
    /// 2 to 8: each may keep a page cache of 16 MiB.
    static var defaultCount: Int { min(8, max(2, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Runs `body` on a free connection, on this thread; nil when none is free. Its statements share one
    /// read transaction, unless `body` runs a single statement (`scope: .statement`): a statement is a read
    /// transaction of its own (https://www.sqlite.org/lang_transaction.html), and the BEGIN and COMMIT
    /// around it would be two more statements to run.
    func read<T>(scope: Scope = .transaction, _ body: (Database) throws -> T) throws -> T? {
        guard let connection = free.withLock({ $0.popLast() }) else { return nil }
        defer { free.withLock { $0.append(connection) } }
        return try connection.inDatabase { db in
            guard scope == .transaction else { return try body(db) }
            try db.cachedStatement(sql: "BEGIN DEFERRED").execute()
            defer { try? db.cachedStatement(sql: "COMMIT").execute() }
            return try body(db)
        }
    }

    /// What a short read runs: several statements, which must see one snapshot, or a single one.
    enum Scope {
        case transaction, statement
    }
}
