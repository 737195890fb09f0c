import Access
public import FHIRModels
import Mapping
import NativeModel
import Scoring
import Store
import Terminology

/// `Observation/$lastn` (http://hl7.org/fhir/R4/observation-operation-lastn.html): a patient's most
/// recent `max` Observations of each code, as a searchset Bundle, newest first within each code. The
/// codes come from `code` and `category` (both optional: every code the gateway maps). R4 allows
/// `$lastn` across patients too; here `patient` (or `subject`) is required, as a population-wide last-n
/// is a scan of every patient.
extension FHIRInteractions {
    static var lastNParameters: Set<String> { ["patient", "subject", "code", "category", "max"] }
    /// The largest `max`.
    public static var lastNMaximum: Int { 100 }

    public func lastN(_ input: OperationInput, selfLink: String) async throws -> Bundle {
        let operation = input.operation
        try input.rejectUnknown(allowed: Self.lastNParameters)
        let named = try [("patient", input.single("patient")), ("subject", input.single("subject"))]
            .compactMap { name, value in value.map { (name, $0) } }
        guard let (parameter, text) = named.first, named.count == 1 else {
            throw FHIRError(.invalid, "\(operation) needs one patient (or subject): whose Observations?", at: "patient")
        }
        let row = try ObservationCriteria.patient(text, parameter: parameter, serverBase: serverBase, operation: operation)
        let reach = try reach(.search, "Observation", for: operation)
        try checkSubject(row, reach: reach)
        _ = try await patient(String(row))
        let max = try input.integer("max", in: 1...Self.lastNMaximum) ?? 1

        var measures = MeasureCatalog.definitions.map(\.measure)
        let codes = input.list("code")
        if !codes.isEmpty {
            // A component's code finds the blood pressure panels it is part of.
            let asked = try ObservationCriteria.measures(codes: codes, operation: operation)
            measures = measures.filter { measure in
                asked.contains(measure) || (measure == .bloodPressure
                    && asked.contains { ResourceCapability.isComponent($0) })
            }
        }
        let categories = input.list("category")
        if !categories.isEmpty {
            let inCategories = try ObservationCriteria.measures(categories: categories, operation: operation)
            measures = measures.filter(inCategories.contains)
        }
        measures = measures.filter { reach.admits(patient: String(row), category: Self.category(of: $0)) }
        var entries: [BundleEntry] = []
        for measure in measures where !ResourceCapability.isComponent(measure) {
            let points = try await storeCall("Observation") {
                try await store.series(SeriesQuery(measure.series, users: .one(row), newestFirst: true, limit: max))
            }
            for point in points {
                let id = ObservationID(measure, row: point.rowID)
                entries.append(BundleEntry(
                    fullUrl: FHIRURI("\(serverBase ?? "")/Observation/\(id)"),
                    resource: .observation(try await observation(id)), search: BundleEntrySearch(mode: "match")))
            }
        }
        return Bundle(type: "searchset", total: FHIRUnsignedInt(String(entries.count)),
                      link: [BundleLink(relation: "self", url: FHIRURI(selfLink))], entry: entries)
    }
}
