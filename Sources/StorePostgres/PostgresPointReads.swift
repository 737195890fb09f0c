import NativeModel
import PostgresNIO
import Store

/// Users by id with their identifiers, in one prepared statement: the read behind `GET Patient/{id}`
/// (a batch of them, `PointReadBatches`). Prepared once per connection (postgres-nio keeps it by
/// `name`), each batch is one Bind/Execute round trip with no parsing or planning.
struct PostgresUsersByID: PostgresReadByIDs {
    typealias Row = StoredUser

    static var sql: String {
        "SELECT \(SearchStatements.userColumns.split(separator: ", ").map { "u.\($0)" }.joined(separator: ", ")), "
            + "COALESCE(i.systems, '{}'), COALESCE(i.identifier_values, '{}') FROM users AS u LEFT JOIN LATERAL "
            + "(SELECT array_agg(system ORDER BY id) AS systems, array_agg(value ORDER BY id) AS identifier_values "
            + "FROM user_identifiers WHERE user_id = u.id) AS i ON true WHERE u.id = ANY($1)"
    }

    let ids: [Int64]

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

/// Measurements by id, prepared per table (the statement's name carries the record type): the read
/// behind `GET Observation/{id}`.
struct PostgresMeasurementsByID<Record: MeasurementRecord>: PostgresReadByIDs {
    typealias Row = StoredMeasurement<Record>

    static var sql: String {
        "SELECT \(SearchStatements.bookkeepingColumns), user_id, \(Record.contentColumns.joined(separator: ", ")) "
            + "FROM \(Record.table.rawValue) WHERE id = ANY($1)"
    }

    let ids: [Int64]

    func decodeRow(_ row: PostgresRow) throws -> StoredMeasurement<Record> {
        try RowDecoding.measurement(try row.map(PostgresStatement.value))
    }
}

/// A prepared read of rows by their primary keys, the statement's only bind (`$1`, a `bigint[]`).
protocol PostgresReadByIDs: PostgresPreparedStatement where Row: IdentifiedRow {
    var ids: [Int64] { get }
    init(ids: [Int64])
}

extension PostgresReadByIDs {
    static var bindingDataTypes: [PostgresDataType] { [.int8Array] }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(ids)
        return bindings
    }
}

/// A stored row that knows its primary key.
protocol IdentifiedRow: Sendable {
    var id: Int64 { get }
}

extension StoredUser: IdentifiedRow {}
extension StoredMeasurement: IdentifiedRow {}

extension PostgresConnection {
    /// The rows of `Statement` for `ids`, keyed by primary key; ids without a row are absent.
    func rows<Statement: PostgresReadByIDs>(_ statement: Statement.Type, ids: [Int64]) async throws -> [Int64: Statement.Row] {
        var found: [Int64: Statement.Row] = [:]
        for try await row in try await execute(Statement(ids: ids), logger: PostgresStatement.logger) { found[row.id] = row }
        return found
    }
}
