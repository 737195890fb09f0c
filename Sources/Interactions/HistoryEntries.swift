import FHIRModels
import Mapping
import NativeModel
import Store
import Terminology

/// Turns row versions into the entries of a history Bundle (http://hl7.org/fhir/R4/http.html#history):
/// one per Patient or Observation version, with its request (POST for a creation, PUT, DELETE) and
/// response. A version of an activity row is one entry per value it holds, and the removal of a
/// value is that Observation's deletion.
struct HistoryEntries {
    let baseURL: String
    /// The version before `version` of the same row, for activity rows; nil when none is kept.
    let previous: (RowVersion) async throws -> RowVersion?

    func entries(_ version: RowVersion) async throws -> [BundleEntry] {
        switch version.table {
        case .users:
            return [try entry(version, type: "Patient", id: String(version.id), observation: nil, existedBefore: version.version > 1)]
        case .physicalActivity:
            let before = version.version > 1 ? try await previous(version) : nil
            var entries: [BundleEntry] = []
            for measure in ObservationID.activityMeasures {
                let id = ObservationID.activity(row: version.id, measure)
                let existedBefore = try before.flatMap { try RowVersionMapping.resource($0, as: id) } != nil
                let exists = try RowVersionMapping.resource(version, as: id) != nil
                guard exists || existedBefore else { continue }  // the value was not there before or after
                entries.append(try entry(version, type: "Observation", id: id.description, observation: id,
                                         existedBefore: existedBefore))
            }
            return entries
        case .sleep, .bloodTests, .vitalSigns:
            let id: ObservationID = version.table == .sleep ? .sleep(row: version.id)
                : version.table == .bloodTests ? .bloodTest(row: version.id) : .vitalSign(row: version.id)
            return [try entry(version, type: "Observation", id: id.description, observation: id,
                              existedBefore: version.version > 1)]
        case .userIdentifiers:
            return []
        }
    }

    private func entry(_ version: RowVersion, type: String, id: String, observation: ObservationID?, existedBefore: Bool)
        throws -> BundleEntry
    {
        let resource = try RowVersionMapping.resource(version, as: observation)
        let (method, status) = resource == nil ? ("DELETE", "204 No Content")
            : existedBefore ? ("PUT", "200 OK") : ("POST", "201 Created")
        return BundleEntry(
            fullUrl: FHIRURI("\(baseURL)/\(type)/\(id)"), resource: resource,
            request: BundleEntryRequest(method: FHIRCode(method), url: FHIRURI(method == "POST" ? type : "\(type)/\(id)")),
            response: BundleEntryResponse(status: FHIRString(status), etag: FHIRString("W/\"\(version.version)\""),
                                          lastModified: FHIRTime.instant(version.meta.updatedAt)))
    }
}
