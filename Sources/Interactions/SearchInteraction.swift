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
            throw FHIRError(.invalid, error.message, at: error.parameter)
        }
        let fingerprint = SearchCursor.fingerprint(type: type, parameters: query.applied.map { ($0.name, $0.value) })
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
        var page = try await searchPage(query, request)
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
    }

    private func searchPage(_ query: SearchQuery, _ request: SearchPageRequest) async throws -> SearchResultPage {
        let base = serverBase ?? ""
        var result = SearchResultPage()
        do {
            if query.resourceType == "Patient" {
                let search = try PatientSearchPlan.userSearch(query, now: now())
                let page = try await storeCall("Patient") { try await store.searchUsers(search, page: request) }
                for hit in page.hits {
                    let patient = ElementsSubset.apply(.patient(PatientMapping.patient(hit.item)), query.elements)
                    result.entries.append(BundleEntry(fullUrl: FHIRURI("\(base)/Patient/\(hit.item.id)"), resource: patient,
                                                      search: BundleEntrySearch(mode: "match")))
                    result.patients.append(hit.item.id)
                }
                (result.first, result.last) = (page.hits.first?.position, page.hits.last?.position)
                (result.hasMore, result.total, result.matches) = (page.hasMore, page.total, page.hits.count)
            } else {
                let plan = try ObservationSearchPlan(query, serverBase: serverBase, now: now())
                let page = try await storeCall("Observation") { try await store.searchMeasurements(plan.search, page: request) }
                for hit in page.hits {
                    guard let observation = Self.observation(hit), let id = observation.id?.value else { continue }
                    result.entries.append(BundleEntry(fullUrl: FHIRURI("\(base)/Observation/\(id)"),
                                                      resource: ElementsSubset.apply(.observation(observation), query.elements),
                                                      search: BundleEntrySearch(mode: "match")))
                    let owner = Self.owner(hit)
                    if !result.patients.contains(owner) { result.patients.append(owner) }
                }
                (result.first, result.last) = (page.hits.first?.position, page.hits.last?.position)
                (result.hasMore, result.total, result.matches) = (page.hasMore, page.total, page.hits.count)
            }
        } catch let error as SearchError {
            throw FHIRError(.invalid, error.message, at: error.parameter)
        }
        return result
    }

    /// `_include=Observation:subject|patient`: the Patients of the page's Observations;
    /// `_revinclude=Observation:subject|patient`: the Observations of the page's Patients, up to
    /// `revIncludeLimit` (http://hl7.org/fhir/R4/search.html#include).
    private func inclusions(_ query: SearchQuery, of ids: [Int64], issues: inout [FHIRIssue]) async throws
        -> [BundleEntry]
    {
        guard !ids.isEmpty else { return [] }
        let base = serverBase ?? ""
        if !query.includes.isEmpty {
            let search = UserSearch(conditions: [.oneOf(.id, ids.map { .integer($0) })])
            let users = try await storeCall("Patient") {
                try await store.searchUsers(search, page: SearchPageRequest(limit: ids.count))
            }
            return users.hits.map { hit in
                BundleEntry(fullUrl: FHIRURI("\(base)/Patient/\(hit.item.id)"),
                            resource: .patient(PatientMapping.patient(hit.item)), search: BundleEntrySearch(mode: "include"))
            }
        }
        guard !query.revIncludes.isEmpty else { return [] }
        var plan = try ObservationSearchPlan(SearchQuery(resourceType: "Observation"), serverBase: serverBase, now: now())
        for index in plan.search.arms.indices {
            plan.search.arms[index].conditions.append(.oneOf(.userID, ids.map { .integer($0) }))
        }
        let found = try await storeCall("Observation") {
            try await store.searchMeasurements(plan.search, page: SearchPageRequest(limit: Self.revIncludeLimit))
        }
        if found.hasMore {
            issues.append(FHIRIssue(.warning, .tooCostly,
                                    "_revinclude added the first \(Self.revIncludeLimit) Observations of this page's "
                                        + "Patients; search Observation?patient=… for the rest", at: "_revinclude"))
        }
        return found.hits.compactMap { hit in
            guard let observation = Self.observation(hit), let id = observation.id?.value else { return nil }
            return BundleEntry(fullUrl: FHIRURI("\(base)/Observation/\(id)"), resource: .observation(observation),
                               search: BundleEntrySearch(mode: "include"))
        }
    }

    static func observation(_ hit: SearchHit<MeasurementHit>) -> Observation? {
        switch hit.item.row {
        case .activity(let row):
            guard let measure = ObservationSearchPlan.measure(ofTag: hit.item.tag) else { return nil }
            return ObservationMapping.observation(row, measure: measure)
        case .sleep(let row): return ObservationMapping.observation(row)
        case .bloodTest(let row): return ObservationMapping.observation(row)
        case .vitalSign(let row): return ObservationMapping.observation(row)
        }
    }

    static func owner(_ hit: SearchHit<MeasurementHit>) -> Int64 {
        switch hit.item.row {
        case .activity(let row): return row.userID
        case .sleep(let row): return row.userID
        case .bloodTest(let row): return row.userID
        case .vitalSign(let row): return row.userID
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
