public import NativeModel

/// Rows as both engines select them, read into stored values: the bookkeeping columns
/// (`SearchStatements.bookkeepingColumns`) first, then, for a measurement, `user_id` and the content
/// columns.
public enum RowDecoding {
    /// The id and row meta of a row, read from its first columns.
    public static func meta(_ columns: inout ColumnReader) throws -> (id: Int64, meta: RowMeta) {
        let id = try columns.integer(), version = try columns.integer()
        let createdAt = try columns.integer(), updatedAt = try columns.integer()
        return (id, RowMeta(version: Int(version), createdAt: Instant(millisecondsSince1970: createdAt),
                            updatedAt: Instant(millisecondsSince1970: updatedAt)))
    }

    /// A measurement row selected as bookkeeping columns, `user_id`, then the content columns.
    public static func measurement<Record: MeasurementRecord>(_ row: [ColumnValue]) throws -> StoredMeasurement<Record> {
        var columns = ColumnReader(row, table: Record.table.rawValue)
        let (id, meta) = try meta(&columns)
        let userID = try columns.integer()
        return StoredMeasurement(id: id, userID: userID, meta: meta, record: try Record(columns: &columns))
    }
}
