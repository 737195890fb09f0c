import NativeModel
import PostgresNIO
import Store

/// A user by id with their identifiers, in one prepared statement: the read behind `GET Patient/{id}`.
/// Prepared once per connection (postgres-nio keeps it by `name`), each read is one Bind/Execute
/// round trip with no parsing or planning, where the unprepared read took two statements.
struct PostgresUserByID: PostgresReadByID {
    typealias Row = StoredUser

    static var sql: String {
        "SELECT \(SearchStatements.userColumns.split(separator: ", ").map { "u.\($0)" }.joined(separator: ", ")), "
            + "COALESCE(i.systems, '{}'), COALESCE(i.identifier_values, '{}') FROM users AS u LEFT JOIN LATERAL "
            + "(SELECT array_agg(system ORDER BY id) AS systems, array_agg(value ORDER BY id) AS identifier_values "
            + "FROM user_identifiers WHERE user_id = u.id) AS i ON true WHERE u.id = $1"
    }

    let id: Int64

    func decodeRow(_ row: PostgresRow) throws -> StoredUser {
        var cells = Array(row)
        guard cells.count >= 2 else { throw StoreError.fault("a user row came back without its identifiers") }
        let values = try cells.removeLast().decode([String].self)
        let systems = try cells.removeLast().decode([String].self)
        guard systems.count == values.count else { throw StoreError.fault("a user's identifiers came back uneven") }
        let identifiers = zip(systems, values).map { ExternalIdentifier(system: $0, value: $1) }
        return try PostgresStore.user(columns: try cells.map(PostgresStatement.value), identifiers: identifiers)
    }
}

/// A measurement by id, prepared per table (the statement's name carries the record type): the read
/// behind `GET Observation/{id}`.
struct PostgresMeasurementByID<Record: MeasurementRecord>: PostgresReadByID {
    typealias Row = StoredMeasurement<Record>

    static var sql: String {
        "SELECT \(SearchStatements.bookkeepingColumns), user_id, \(Record.contentColumns.joined(separator: ", ")) "
            + "FROM \(Record.table.rawValue) WHERE id = $1"
    }

    let id: Int64

    func decodeRow(_ row: PostgresRow) throws -> StoredMeasurement<Record> {
        try RowDecoding.measurement(try row.map(PostgresStatement.value))
    }
}

/// A prepared read of one row by its primary key, the statement's only bind (`$1`, a `bigint`).
protocol PostgresReadByID: PostgresPreparedStatement {
    var id: Int64 { get }
}

extension PostgresReadByID {
    static var bindingDataTypes: [PostgresDataType] { [.int8] }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(id)
        return bindings
    }
}

extension PostgresConnection {
    /// The row of a statement that finds at most one (by primary key), its result read to the end.
    func only<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> Statement.Row? {
        var found: Statement.Row?
        for try await row in try await execute(statement, logger: PostgresStatement.logger) { found = row }
        return found
    }
}
