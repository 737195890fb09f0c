import GRDB
import NativeModel
import Store
@testable import StoreSQLite
import Testing

/// The indexes SQLite picks for the store's queries. Without statistics it guesses between usable
/// indexes, and a wrong guess reads a whole table where a patient's rows would do (found by the
/// search benchmark: the code-and-time indexes had taken over the health score's series reads). The
/// store writes its conditions so that only the intended index can serve them; these tests hold that.
@Suite struct SQLiteQueryPlanTests {
    let now = Instant(millisecondsSince1970: 1_794_700_800_000)

    func plan(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> String {
        let queue = try DatabaseQueue()
        try SQLiteMigrations.migrator.migrate(queue)
        return try queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(arguments))
                .map { $0["detail"] as String? ?? "" }.joined(separator: "\n")
        }
    }

    func seriesPlan(_ series: MeasurementSeries, _ users: SeriesUsers) throws -> String {
        let query = SeriesQuery(series, users: users, in: TimeRange(from: now.adding(minutes: -43_200), to: now))
        let select = SeriesSQL(dialect: .sqlite).select(query)
        return try plan(select.sql, select.arguments.map(\.databaseValue))
    }

    @Test func seriesReadThroughTheOwnersIndex() throws {
        #expect(try seriesPlan(.bloodTest(.glucose), .one(5)).contains("blood_tests_user_time (user_id=? AND measured_at>? AND measured_at<?)"))
        #expect(try seriesPlan(.vitalSign(.heartRate), .one(5)).contains("vital_signs_user_time (user_id=?"))
        #expect(try seriesPlan(.steps, .one(5)).contains("physical_activity_user_time (user_id=? AND start_time>?"))
        #expect(try seriesPlan(.bloodTest(.glucose), .ids(1...5000)).contains("blood_tests_user_time (user_id>? AND user_id<?)"))
        #expect(try seriesPlan(.steps, .ids(1...5000)).contains("physical_activity_user_time (user_id>? AND user_id<?)"))
        #expect(try seriesPlan(.sleepMinutes, .ids(1...5000)).contains("sleep_user_time (user_id>? AND user_id<?)"))
    }

    func searchPlan(_ table: NativeTable, _ conditions: [RowCondition], codeIndex: Bool, orderBy: String) throws -> String {
        var sql = SearchSQL(table: table, dialect: .sqlite)
        sql.codeIndex = codeIndex
        let filter = try sql.whereClause(conditions)
        return try plan("SELECT id FROM \(table.rawValue) WHERE \(filter.sql) ORDER BY \(orderBy) LIMIT 51",
                        filter.arguments.map(\.databaseValue))
    }

    @Test func searchesTakeTheIndexTheirShapeNeeds() throws {
        let glucose = RowCondition.compare(.content("analyte"), .equal, .text("glucose"))
        let owner = RowCondition.compare(.userID, .equal, .integer(5))
        let since = RowCondition.compare(.startTime, .greaterOrEqual, .integer(0))
        #expect(SearchSQL.namesOwners([glucose, owner]))
        #expect(SearchSQL.namesOwners([.any([owner, .compare(.userID, .equal, .integer(6))])]))
        #expect(!SearchSQL.namesOwners([glucose, since]))
        // One patient: the owner's index, also when sorted by date.
        #expect(try searchPlan(.bloodTests, [glucose, owner, since], codeIndex: false, orderBy: "measured_at DESC, id DESC")
            .contains("blood_tests_user_time (user_id=? AND measured_at>?)"))
        // Across patients in id order: the table in rowid order, stopping after a page.
        let byID = try searchPlan(.bloodTests, [glucose, .compare(.content("value"), .greater, .real(120))], codeIndex: false,
                                  orderBy: "id")
        #expect(byID.contains("SCAN blood_tests") && !byID.contains("TEMP B-TREE"), "\(byID)")
        // Across patients by date: the code-and-time index gives the order.
        let byDate = try searchPlan(.bloodTests, [glucose], codeIndex: true, orderBy: "measured_at DESC, id DESC")
        #expect(byDate.contains("blood_tests_analyte_time (analyte=?)") && !byDate.contains("TEMP B-TREE"), "\(byDate)")
        // One patient's activity by date: the owner's index, never a scan of every patient's activity.
        let steps = try searchPlan(.physicalActivity, [.not(.isNull(.content("steps"))), owner, since], codeIndex: false,
                                   orderBy: "start_time DESC, id DESC")
        #expect(steps.contains("physical_activity_user_time (user_id=? AND start_time>?)"), "\(steps)")
    }

    /// Chains: a condition on the owner is a subquery of users (an identifier goes straight to its
    /// index); a reverse chain is an EXISTS per arm on the measurement table's owner index, so a
    /// Patient search keeps its keyset order over users.
    @Test func chainsAreSubqueriesOnIndexes() throws {
        let family = try searchPlan(.bloodTests, [.owner(.nameStarts(with: "silva", part: .family))], codeIndex: false,
                                    orderBy: "id")
        #expect(family.contains("user_name_keys"), "\(family)")
        let identifier = try searchPlan(.bloodTests, [.owner(.identifier(system: "urn:mrn", value: "A"))], codeIndex: false,
                                        orderBy: "id")
        #expect(identifier.contains("user_identifiers_value (system=? AND value=?)"), "\(identifier)")
        #expect(SearchSQL.namesOwners([.owner(.identifier(system: "urn:mrn", value: "A"))]))
        // An owner condition that matches many users: the table in id order, stopping after a page.
        var broad = SearchSQL(table: .bloodTests, dialect: .sqlite)
        broad.ownerIndex = false
        let filter = try broad.whereClause([.owner(.nameStarts(with: "silva", part: .family))])
        let scan = try plan("SELECT id FROM blood_tests WHERE \(filter.sql) ORDER BY id LIMIT 51", filter.arguments.map(\.databaseValue))
        #expect(scan.contains("SCAN blood_tests") && !scan.contains("TEMP B-TREE"), "\(scan)")
        let hba1c = RowCondition.hasMeasurement([MeasurementArm(table: .bloodTests, tag: 0, conditions: [
            .compare(.content("analyte"), .equal, .text("hba1c")), .compare(.content("value"), .greater, .real(7)),
        ])])
        let cohort = try searchPlan(.users, [hba1c], codeIndex: false, orderBy: "id")
        #expect(cohort.contains("SCAN users") && cohort.contains("blood_tests_user_time (user_id=?)")
            && !cohort.contains("TEMP B-TREE"), "\(cohort)")
    }
}
