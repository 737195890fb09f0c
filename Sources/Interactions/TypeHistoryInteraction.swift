import Access
public import FHIRModels
import Mapping
import NativeModel
public import Store

extension FHIRInteractions {
    /// `history-type` and `history-system` (http://hl7.org/fhir/R4/http.html#history): every version of
    /// every resource of a type (or of all types when `type` is nil), newest first, deletions included,
    /// as a `history` Bundle; `_since` for incremental sync, `_at`, `_count` (row versions per page; an
    /// activity row's version carries one entry per value). Returns the Bundle (without links) and
    /// where the next page starts.
    public func history(type: String?, query: FHIRHistoryQuery, after: ChangeKey?, baseURL: String) async throws
        -> (bundle: Bundle, next: ChangeKey?)
    {
        let tables: [NativeTable]
        switch type {
        case nil: tables = [.users, .physicalActivity, .sleep, .bloodTests, .vitalSigns]
        case "Patient": tables = [.users]
        case "Observation": tables = [.physicalActivity, .sleep, .bloodTests, .vitalSigns]
        case let other?: throw FHIRError(.methodNotAllowed, "\(other) resources have no history on this server")
        }
        // The caller's compartment per table, inside the query: versions of others' rows are never read.
        if !access.isUnrestricted {
            let types = type.map { [$0] } ?? ["Patient", "Observation"]
            guard types.contains(where: { access.allows(.read, on: $0) }) else {
                _ = try reach(.read, types[0], for: "reading the history of \(type ?? "every type")")
                return (Bundle(type: "history"), nil)
            }
        }
        let scope = access.isUnrestricted ? (tables: tables, owners: [:])
            : Self.historyScope(tables) { table in access.reach(.read, on: table == .users ? "Patient" : "Observation") }
        guard !scope.tables.isEmpty else { return (Bundle(type: "history"), nil) }
        let page = try await storeCall(type ?? "history") {
            // A long read (HealthStore.longReads); the earlier versions its entries name come from the primary.
            try await store.longReads.changes(ChangeQuery(tables: scope.tables, since: query.since, at: query.at, limit: query.count,
                                                after: after, owners: scope.owners))
        }
        let entries = HistoryEntries(baseURL: baseURL) { version in
            try await storeCall("history") {
                try await store.history(of: version.table, id: version.id,
                                        page: PageRequest(limit: 1, after: PageKey(id: Int64(version.version)))).items.first
            }
        }
        var bundle = Bundle(type: "history")
        for version in page.items { bundle.entry += try await entries.entries(version) }
        return (bundle, page.next)
    }
}
