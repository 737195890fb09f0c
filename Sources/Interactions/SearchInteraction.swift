import Access
import Crypto
public import FHIRModels
import Mapping
import NativeModel
public import Search
import Store

extension FHIRInteractions {
    /// The most Observations a `_revinclude` adds to one page; past it the page says so in an outcome.
    public static var revIncludeLimit: Int { 1000 }

    /// `search-type` (http://hl7.org/fhir/R4/http.html#search, http://hl7.org/fhir/R4/search.html):
    /// a searchset Bundle of one page of matches, with `self`, `next` and `previous` links whose
    /// signed cursor walks the keyset, the included Patients or Observations, and an outcome entry for
    /// what lenient handling left out or a limit changed.
    public func search(
        _ type: String, parameters: [SearchQuery.Parameter], lenient: Bool, cursorKey: SearchCursorKey<Store>
    ) async throws -> Bundle {
        guard SearchParameters.searchableTypes.contains(type) else {
            throw FHIRError(.methodNotAllowed, "\(type) cannot be searched on this server")
        }
        var query: SearchQuery
        do {
            query = try SearchParser(resourceType: type, lenient: lenient).parse(parameters)
            try ElementsSubset.check(&query, lenient: lenient)
        } catch let error as SearchError {
            throw FHIRError(error)
        }
        let reach = try reach(.search, type, for: "searching \(type)")
        let fingerprint = SearchCursor.fingerprint(type: type, parameters: query.applied.map { ($0.name, $0.value) }
            + (access.isUnrestricted ? [] : [("_access", access.fingerprint)]))
        let key = SymmetricKey(data: try await storeCall(type) { try await cursorKey.value() })
        var cursor: SearchCursor?
        if let text = query.cursor {
            guard let decoded = SearchCursor(text, search: fingerprint, key: key) else {
                throw FHIRError(.invalid, "_cursor '\(text.prefix(40))…' is not a cursor of this search: page links are "
                    + "signed for the search they came from; follow them unchanged", at: "_cursor")
            }
            cursor = decoded
        }
        let countOnly = query.summaryCount || query.count == 0
        let request = SearchPageRequest(limit: countOnly ? 0 : query.count, position: cursor?.position,
                                        backward: cursor?.backward ?? false,
                                        countTotal: countOnly || query.total == .accurate)
        var page = try await searchPage(query, request, reach: reach)
        var issues = query.ignored.map { FHIRIssue(.warning, .notSupported, "Ignored: \($0.message)", at: $0.parameter) }
        if let requested = query.requestedCount {
            issues.append(FHIRIssue(.information, .informational,
                                    "_count=\(requested) is above the largest page, \(SearchQuery.maximumCount); "
                                        + "pages hold \(SearchQuery.maximumCount)", at: "_count"))
        }
        page.entries += try await inclusions(query, of: page.patients, issues: &issues)

        var bundle = Bundle(type: "searchset")
        if let total = page.total {
            bundle.total = FHIRUnsignedInt(String(total))
        } else if cursor == nil, !page.hasMore, !countOnly {
            bundle.total = FHIRUnsignedInt(String(page.matches))  // one page holds every match
        }
        let link = { (cursor: SearchCursor?) -> FHIRURI in
            FHIRURI(self.searchLink(type, query, cursor: cursor?.encoded(search: fingerprint, key: key)))
        }
        bundle.link = [BundleLink(relation: "self", url: FHIRURI(searchLink(type, query, cursor: query.cursor)))]
        let backward = cursor?.backward ?? false
        if let first = page.first, (backward && page.hasMore) || (!backward && cursor != nil) {
            bundle.link.append(BundleLink(relation: "previous", url: link(SearchCursor(position: first, backward: true))))
        }
        if let last = page.last, (!backward && page.hasMore) || backward {
            bundle.link.append(BundleLink(relation: "next", url: link(SearchCursor(position: last, backward: false))))
        }
        bundle.entry = page.entries
        if !issues.isEmpty {
            bundle.entry.append(BundleEntry(resource: .operationOutcome(OperationOutcomes.outcome(issues)),
                                            search: BundleEntrySearch(mode: "outcome")))
        }
        return bundle
    }

    /// One page of matches as entries, with what the links need.
    struct SearchResultPage {
        var entries: [BundleEntry] = []
        var matches = 0
        var first: SearchPosition?
        var last: SearchPosition?
        var hasMore = false
        var total: Int?
        /// The Patients of the matches (for `_include`) or the matched Patients (for `_revinclude`).
        var patients: [Int64] = []

        init<Item>(_ page: SearchPage<Item>, entries: [BundleEntry], patients: [Int64]) {
            (self.entries, self.patients) = (entries, patients)
            (first, last) = (page.hits.first?.position, page.hits.last?.position)
            (hasMore, total, matches) = (page.hasMore, page.total, page.hits.count)
        }
    }

    private func searchPage(_ query: SearchQuery, _ request: SearchPageRequest, reach: Reach) async throws
        -> SearchResultPage
    {
        do {
            if query.resourceType == "Patient" {
                var search = try withinReach(PatientSearchPlan.userSearch(query, now: now()))
                if let compartment = Self.userCondition(reach) { search.conditions.append(compartment) }
                let reader: any HealthStore = search.isPopulationWide ? store.longReads : store
                let page = try await storeCall("Patient") { try await reader.searchUsers(search, page: request) }
                let users = page.hits.map(\.item)
                return SearchResultPage(page, entries: patientEntries(users, mode: "match", elements: query.elements),
                                        patients: users.map(\.id))
            }
            let plan = try ObservationSearchPlan(query, serverBase: serverBase, now: now())
            let chained = try withinReach(plan.search)
            let search = reach.isEverything ? chained : Self.restricted(chained, to: reach)
            let reader: any HealthStore = search.isPopulationWide ? store.longReads : store
            let page = try await storeCall("Observation") { try await reader.searchMeasurements(search, page: request) }
            var owners: [Int64] = []
            for owner in page.hits.map(\.item.row.userID) where !owners.contains(owner) { owners.append(owner) }
            return SearchResultPage(page, entries: observationEntries(page.hits, mode: "match", elements: query.elements),
                                    patients: owners)
        } catch let error as SearchError {
            throw FHIRError(error)
        }
    }

    /// Search entries (`fullUrl`, resource, `search.mode`) of users as Patients.
    private func patientEntries(_ users: [StoredUser], mode: String, elements: [String]? = nil) -> [BundleEntry] {
        users.map { user in
            BundleEntry(fullUrl: FHIRURI("\(serverBase ?? "")/Patient/\(user.id)"),
                        resource: ElementsSubset.apply(.patient(PatientMapping.patient(user)), elements),
                        search: BundleEntrySearch(mode: FHIRCode(mode)))
        }
    }

    /// Search entries of measurement rows as Observations (the arm's tag says which measure of an
    /// activity row).
    private func observationEntries(_ hits: [SearchHit<MeasurementHit>], mode: String, elements: [String]? = nil)
        -> [BundleEntry]
    {
        hits.compactMap { hit in
            guard let observation = Self.observation(hit.item), let id = observation.id?.value else { return nil }
            return BundleEntry(fullUrl: FHIRURI("\(serverBase ?? "")/Observation/\(id)"),
                               resource: ElementsSubset.apply(.observation(observation), elements),
                               search: BundleEntrySearch(mode: FHIRCode(mode)))
        }
    }

    /// `_include=Observation:subject|patient`: the Patients of the page's Observations;
    /// `_revinclude=Observation:subject|patient`: the Observations of the page's Patients, up to
    /// `revIncludeLimit` (http://hl7.org/fhir/R4/search.html#include).
    private func inclusions(_ query: SearchQuery, of ids: [Int64], issues: inout [FHIRIssue]) async throws
        -> [BundleEntry]
    {
        guard !ids.isEmpty else { return [] }
        if !query.includes.isEmpty {
            // Included Patients are search results too: only those the caller may search.
            let reach = access.reach(.search, on: "Patient")
            var search = UserSearch(conditions: [.oneOf(.id, ids.map { .integer($0) })])
            if reach.isNothing { return [] }
            if let compartment = Self.userCondition(reach) { search.conditions.append(compartment) }
            let users = try await storeCall("Patient") {
                try await store.searchUsers(search, page: SearchPageRequest(limit: ids.count))
            }
            return patientEntries(users.hits.map(\.item), mode: "include")
        }
        guard !query.revIncludes.isEmpty else { return [] }
        var plan = try ObservationSearchPlan(SearchQuery(resourceType: "Observation"), serverBase: serverBase, now: now())
        for index in plan.search.arms.indices {
            plan.search.arms[index].conditions.append(.oneOf(.userID, ids.map { .integer($0) }))
        }
        let reach = access.reach(.search, on: "Observation")
        if reach.isNothing { return [] }
        if !reach.isEverything { plan.search = Self.restricted(plan.search, to: reach) }
        let found = try await storeCall("Observation") {
            try await store.searchMeasurements(plan.search, page: SearchPageRequest(limit: Self.revIncludeLimit))
        }
        if found.hasMore {
            issues.append(FHIRIssue(.warning, .tooCostly,
                                    "_revinclude added the first \(Self.revIncludeLimit) Observations of this page's "
                                        + "Patients; search Observation?patient=… for the rest", at: "_revinclude"))
        }
        return observationEntries(found.hits, mode: "include")
    }

    /// The Observation a search hit stands for.
    static func observation(_ hit: MeasurementHit) -> Observation? {
        switch hit.row {
        case .activity(let row):
            return ObservationSearchPlan.measure(ofTag: hit.tag).flatMap { ObservationMapping.observation(row, measure: $0) }
        case .sleep(let row): return ObservationMapping.observation(row)
        case .bloodTest(let row): return ObservationMapping.observation(row)
        case .vitalSign(let row): return ObservationMapping.observation(row)
        }
    }

    /// A link to this search: the parameters applied, `_format`/`_pretty` if given, and the cursor of the
    /// page it points to.
    func searchLink(_ type: String, _ query: SearchQuery, cursor: String?) -> String {
        var items = (query.applied + query.transport)
            .map { "\(QueryComponent.percentEncoded($0.name))=\(QueryComponent.percentEncoded($0.value))" }
        if let cursor { items.append("_cursor=\(QueryComponent.percentEncoded(cursor))") }
        return "\(serverBase ?? "")/\(type)" + (items.isEmpty ? "" : "?" + items.joined(separator: "&"))
    }
}
