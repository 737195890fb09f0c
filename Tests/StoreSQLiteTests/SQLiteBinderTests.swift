import GRDB
import NativeModel
@testable import StoreSQLite
import Testing

/// Values bound straight through SQLite's C API: what goes in comes back out, by storage class, and
/// failures are GRDB's `DatabaseError`s, as through GRDB's own `execute`.
@Suite struct SQLiteBinderTests {
    func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, a, b, c, d, e, f, g UNIQUE)")
        }
        return queue
    }

    @Test func everyColumnValueIsStoredAsItsStorageClass() throws {
        let queue = try database()
        let values: [ColumnValue] = [.null, .integer(-42), .real(2.5), .text(""), .text("Zoë 🩺"), .text(String(repeating: "x", count: 40))]
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (a, b, c, d, e, f, g) VALUES (?, ?, ?, ?, ?, ?, ?)")
            try insert.run(in: db) { arguments in
                arguments.bind(values)
                arguments.bind(Int64.max)
            }
            #expect(db.lastInsertedRowID == 1)
            let row = try #require(try Row.fetchOne(db, sql: "SELECT typeof(a), typeof(b), typeof(c), typeof(d), a, b, c, d, e, f, g FROM t"))
            #expect(row[0] as String == "null")
            #expect(row[1] as String == "integer")
            #expect(row[2] as String == "real")
            #expect(row[3] as String == "text")  // "" is text, not NULL
            #expect(row[4] as DatabaseValue == .null)
            #expect(row[5] as Int64 == -42)
            #expect(row[6] as Double == 2.5)
            #expect(row[7] as String == "")
            #expect(row[8] as String == "Zoë 🩺")
            #expect(row[9] as String == String(repeating: "x", count: 40))
            #expect(row[10] as Int64 == Int64.max)
        }
    }

    @Test func aStatementRunsAgainWithNewValuesAndReadsItsFirstRow() throws {
        let queue = try database()
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (a, g) VALUES (?, ?)")
            for n in Int64(1)...3 {
                try insert.run(in: db) { arguments in
                    arguments.bind(n * 10)
                    arguments.bind("key\(n)")
                }
            }
            let select = try db.cachedStatement(sql: "SELECT id, a FROM t WHERE g = ?")
            #expect(try select.firstInteger(in: db) { $0.bind("key2") } == 2)
            #expect(try select.firstInteger(in: db) { $0.bind("key3") } == 3)
            #expect(try select.firstInteger(in: db) { $0.bind("none") } == nil)
            #expect(try select.firstInteger(in: db) { $0.bind(nil as String?) } == nil)
        }
    }

    @Test func aUniqueViolationIsADatabaseErrorWithItsExtendedCode() throws {
        let queue = try database()
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (g) VALUES (?)")
            try insert.run(in: db) { $0.bind("same") }
            let error = #expect(throws: DatabaseError.self) {
                try insert.run(in: db) { $0.bind("same") }
            }
            #expect(error?.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE)
            #expect(error?.message?.contains("t.g") == true)
            try insert.run(in: db) { $0.bind("other") }  // the statement is usable after the failure
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 2)
        }
    }

    @Test func tooFewOrTooManyValuesAreRefusedBeforeTheStatementRuns() throws {
        let queue = try database()
        try queue.write { db in
            let insert = try db.cachedStatement(sql: "INSERT INTO t (a, b) VALUES (?, ?)")
            #expect(throws: DatabaseError.self) { try insert.run(in: db) { $0.bind(1) } }
            #expect(throws: DatabaseError.self) {
                try insert.run(in: db) { arguments in
                    arguments.bind(1)
                    arguments.bind(2)
                    arguments.bind(3)
                }
            }
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM t") == 0)
        }
    }
}
