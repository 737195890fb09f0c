public import NativeModel

/// How both engines answer an `AuditQuery` (`HealthStore.auditRecords`): the range of sequence numbers
/// the query can reach (its `before` and its dates, through the index on `recorded_at`), then, newest
/// first, one statement per window of search-key segments (`AuditSQL.segmentBits`) until the page is
/// full: a search by agent, entity or patient probes its value in each segment's part of the keys, and
/// a page of recent records is found without reading the whole trail.
public enum AuditSearch {
    /// Segments per statement: 16 of 65,536 records, about a million records a window.
    static let window: Int64 = 16

    public static func run(_ query: AuditQuery,
                           rows: @Sendable (SQLFragment) async throws -> [[ColumnValue]]) async throws -> [StoredAuditRecord] {
        guard let (first, last) = try await integers(rows(AuditSQL.bounds)) else { return [] }
        var low = first
        var high = last
        if let before = query.before { high = min(high, before - 1) }
        if let from = query.from {
            guard let found = try await integers(rows(AuditSQL.firstRecorded(atOrAfter: from)))?.0 else { return [] }
            low = max(low, found)
        }
        if let to = query.to {
            guard let found = try await integers(rows(AuditSQL.lastRecorded(before: to)))?.0 else { return [] }
            high = min(high, found)
        }
        guard low <= high else { return [] }
        let limit = max(1, query.limit)
        guard query.agent != nil || query.entity != nil || query.patient != nil else {
            return try await rows(AuditSQL.select(query, sequences: low...high, segments: nil, limit: limit)).map(AuditSQL.record)
        }
        var found: [StoredAuditRecord] = []
        var top = AuditSQL.segment(of: high)
        let bottom = AuditSQL.segment(of: low)
        while top >= bottom, found.count < limit {
            let segments = max(bottom, top - window + 1)...top
            let sequences = max(low, segments.lowerBound << AuditSQL.segmentBits)...min(high, ((top + 1) << AuditSQL.segmentBits) - 1)
            found += try await rows(AuditSQL.select(query, sequences: sequences, segments: segments, limit: limit - found.count))
                .map(AuditSQL.record)
            top = segments.lowerBound - 1
        }
        return found
    }

    /// The first row's two integers (the second may be null: then the first twice); nil for no row or a null first.
    static func integers(_ rows: [[ColumnValue]]) -> (Int64, Int64)? {
        guard let row = rows.first, let value = row.first, case .integer(let first) = value else { return nil }
        if row.count > 1, case .integer(let second) = row[1] { return (first, second) }
        return (first, first)
    }
}
