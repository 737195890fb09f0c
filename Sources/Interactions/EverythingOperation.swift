import Access
public import FHIRModels
import NativeModel
import Search
import Store

/// `Patient/{id}/$everything` (http://hl7.org/fhir/R4/patient-operation-everything.html): a
/// searchset Bundle of the Patient and every Observation of theirs the caller may read, in pages.
///
/// - `start` and `end` (dates) bound the Observations' own dates (care dates, not record dates);
/// - `_since` (an instant) keeps what was created or changed after it, the Patient included;
/// - `_type` (`Patient`, `Observation`, comma-separated or repeated) keeps those types;
/// - `_count` sizes the pages. The first page holds the Patient and the first Observations; its
///   `next` link is a signed search cursor over the rest (`Observation?patient=…`), so every page
///   after the first is a page of that search, and walking them sees every Observation once.
///
/// With authorization on, a patient token reaches only its own Patient (404 for another), and
/// granular scopes keep only the categories they allow, as in a search; without a scope to search
/// Observations the record is the Patient alone (a 403 when `_type` asks for Observations).
extension FHIRInteractions {
    static var everythingParameters: Set<String> { ["start", "end", "_since", "_type", "_count"] }
    static var everythingTypes: Set<String> { ["Patient", "Observation"] }

    public func everything(patientID id: String, _ input: OperationInput, selfLink: String,
                           cursorKey: SearchCursorKey<Store>) async throws -> Bundle {
        let operation = input.operation
        try input.rejectUnknown(allowed: Self.everythingParameters)
        try Self.checkIDForm("Patient", id)
        let start = try Self.date(input, "start", operation: operation)
        let end = try Self.date(input, "end", operation: operation)
        let since = try input.instant("_since")?.text
        var types = try Self.types(input, operation: operation)
        // Unasked, a caller without Observation search scopes gets the Patient alone; asked, a 403.
        if input.list("_type").isEmpty, access.reach(.search, on: "Observation").isNothing { types.remove("Observation") }
        let count = try input.integer("_count", in: 0...SearchQuery.maximumCount)

        let patientResult = try await read("Patient", id: id)  // 404 outside the caller's compartment
        guard case .patient(let patient)? = patientResult.resource else {
            throw FHIRError(.notFound, "Patient/\(id) is not known")
        }
        var bundle: Bundle
        if types.contains("Observation") {
            var parameters = [SearchQuery.Parameter("patient", id)]
            if let start { parameters.append(SearchQuery.Parameter("date", "ge" + start)) }
            if let end { parameters.append(SearchQuery.Parameter("date", "le" + end)) }
            if let since { parameters.append(SearchQuery.Parameter("_lastUpdated", "gt" + since)) }
            if let count { parameters.append(SearchQuery.Parameter("_count", String(count))) }
            bundle = try await search("Observation", parameters: parameters, lenient: false, cursorKey: cursorKey)
        } else {
            bundle = Bundle(type: "searchset", total: FHIRUnsignedInt("0"))
        }
        if types.contains("Patient"), Self.changed(patient, since: since) {
            bundle.entry.insert(BundleEntry(fullUrl: FHIRURI("\(serverBase ?? "")/Patient/\(id)"), resource: .patient(patient),
                                            search: BundleEntrySearch(mode: "match")), at: 0)
            if let total = bundle.total?.value.flatMap({ Int($0) }) { bundle.total = FHIRUnsignedInt(String(total + 1)) }
        }
        bundle.link.removeAll { $0.relation == "self" || $0.relation == "previous" }
        bundle.link.insert(BundleLink(relation: "self", url: FHIRURI(selfLink)), at: 0)
        return bundle
    }

    /// `start` or `end`: a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD).
    private static func date(_ input: OperationInput, _ name: String, operation: String) throws -> String? {
        guard let text = try input.single(name) else { return nil }
        guard PartialDate(parsing: text) != nil else {
            throw FHIRError(.invalid, "\(operation): \(name) '\(text)' is not a date (2026, 2026-11 or 2026-11-04)", at: name)
        }
        return text
    }

    /// The types `_type` keeps (every type when it is absent).
    private static func types(_ input: OperationInput, operation: String) throws -> Set<String> {
        let named = input.list("_type").flatMap { $0.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) } }
        guard !named.isEmpty else { return everythingTypes }
        for type in named where !everythingTypes.contains(type) {
            throw FHIRError(.invalid, "\(operation): _type '\(type)' is not a type of a patient's record here; it holds "
                + everythingTypes.sorted().joined(separator: " and "), at: "_type")
        }
        return Set(named)
    }

    /// Whether the Patient was created or changed after `since` (always, without it).
    private static func changed(_ patient: Patient, since: String?) -> Bool {
        guard let since = since.flatMap(OffsetDateTime.init(parsing:)),
              let updated = patient.meta?.lastUpdated?.value.flatMap(OffsetDateTime.init(parsing:)) else { return true }
        return since.instant < updated.instant
    }
}
