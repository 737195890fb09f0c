import Access
public import FHIRModels
import Mapping
import NativeModel
import Store

extension FHIRInteractions {
    /// `history-instance` (http://hl7.org/fhir/R4/http.html#history): the versions of one resource,
    /// newest first, as a `history` Bundle with each entry's request and response, deletions
    /// included. Returns the Bundle (without links) and the version the next page starts below.
    public func history(_ type: String, id: String, query: FHIRHistoryQuery, baseURL: String) async throws
        -> (bundle: Bundle, nextBelow: Int?)
    {
        try Self.checkIDForm(type, id)
        let (table, row, _) = try rowAddress(type, id)
        // A row keeps few versions; reading them all lets activity measures tell a removal from absence.
        let versions = try await storeCall(type) {
            try await store.history(of: table, id: row, page: PageRequest(limit: PageRequest.maximumLimit))
        }.items
        _ = try reach(.read, type, for: "reading the history of \(type)/\(id)")
        if try versions.first.map({ try isHidden(.read, table: table, owner: $0.userID) }) ?? true {
            throw FHIRError(.notFound, "\(type)/\(id) is not known")
        }
        let builder = HistoryEntries(baseURL: baseURL) { version in versions.first { $0.version == version.version - 1 } }
        var entries: [(version: Int, entry: BundleEntry)] = []
        let fullURL = "\(baseURL)/\(type)/\(id)"
        for version in versions {
            for entry in try await builder.entries(version) where entry.fullUrl?.value == fullURL {
                entries.append((version.version, entry))
            }
        }
        if let since = query.since {
            entries = entries.filter { entry in versions.first { $0.version == entry.version }.map { $0.meta.updatedAt > since } ?? false }
        }
        if let at = query.at {
            // The version current at `at`: the newest recorded at or before it.
            let current = versions.first { $0.meta.updatedAt <= at }?.version
            entries = entries.filter { $0.version == current }
        }
        if let below = query.beforeVersion { entries = entries.filter { $0.version < below } }
        let page = entries.prefix(query.count)
        let next = entries.count > query.count ? page.last?.version : nil
        return (Bundle(type: "history", entry: page.map(\.entry)), next)
    }
}
