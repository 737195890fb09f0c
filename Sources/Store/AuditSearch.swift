public import NativeModel

/// How both engines answer an `AuditQuery` (`HealthStore.auditRecords`): the range of sequence numbers
/// the query can reach (its `before` and its dates, in one statement: `AuditSQL.reach`), then, newest
/// first, one statement per window of search-key segments (`AuditSQL.segmentBits`) until the page is
/// full: a search by agent, entity or patient probes its value in each segment's part of the keys, and
/// a page of recent records is found without reading the whole trail.
public enum AuditSearch {
    /// Segments per statement: 16 of 65,536 records, about a million records a window.
    static let window: Int64 = 16

    public static func run(_ query: AuditQuery,
                           rows: @Sendable (SQLFragment) async throws -> [[ColumnValue]]) async throws -> [StoredAuditRecord] {
        // Every column an integer: the trail is not empty, and each time given has a record on its side.
        let reach = try await rows(AuditSQL.reach(from: query.from, to: query.to)).first ?? []
        let bounds = reach.compactMap { value -> Int64? in
            guard case .integer(let sequence) = value else { return nil }
            return sequence
        }
        guard bounds.count == reach.count, bounds.count >= 2 else { return [] }
        let low = query.from == nil ? bounds[0] : max(bounds[0], bounds[2])  // `from`'s column comes first,
        var high = query.to == nil ? bounds[1] : min(bounds[1], bounds[bounds.count - 1])  // `to`'s last
        if let before = query.before { high = min(high, before - 1) }
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
}
