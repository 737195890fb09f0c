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
        let (table, row, observationID) = try rowAddress(type, id)
        // A row keeps few versions; reading them all lets activity measures tell a removal from absence.
        let versions = try await storeCall(type) {
            try await store.history(of: table, id: row, page: PageRequest(limit: PageRequest.maximumLimit))
        }.items
        if versions.isEmpty { throw FHIRError(.notFound, "\(type)/\(id) is not known") }
        var entries: [(version: Int, entry: BundleEntry)] = []
        for (index, version) in versions.enumerated() {
            let resource = try RowVersionMapping.resource(version, as: observationID)
            let existedBefore = versions[(index + 1)...].contains { (try? RowVersionMapping.resource($0, as: observationID)) != nil }
            if resource == nil, version.change != .deleted, !existedBefore { continue }  // the measure was not there yet
            let method: String
            let status: String
            switch (resource, existedBefore) {
            case (nil, _): (method, status) = ("DELETE", "204 No Content")
            case (_, false): (method, status) = ("POST", "201 Created")
            case (_, true): (method, status) = ("PUT", "200 OK")
            }
            let lastModified = FHIRTime.instant(version.meta.updatedAt)
            entries.append((version.version, BundleEntry(
                fullUrl: FHIRURI("\(baseURL)/\(type)/\(id)"), resource: resource,
                request: BundleEntryRequest(method: FHIRCode(method), url: FHIRURI(method == "POST" ? type : "\(type)/\(id)")),
                response: BundleEntryResponse(status: FHIRString(status), etag: FHIRString("W/\"\(version.version)\""),
                                              lastModified: lastModified))))
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
