import Access
import FHIRModels
import Mapping
import NativeModel
import Store

extension FHIRInteractions {
    /// `vread` (http://hl7.org/fhir/R4/http.html#vread): one version of a resource, as long as history
    /// keeps it. The version of a deletion answers 410; a version never written, or no longer kept, 404.
    public func vread(_ type: String, id: String, version: String) async throws -> InteractionResult {
        try Self.checkIDForm(type, id)
        let (table, row, observationID) = try rowAddress(type, id)
        _ = try reach(.read, type, for: "reading \(type)/\(id)")
        guard let number = Int(version), number > 0, String(number) == version else {
            throw FHIRError(.notFound, "\(type)/\(id) has no version '\(version)': versions are numbers")
        }
        let page = try await storeCall(type) {
            try await store.history(of: table, id: row, page: PageRequest(limit: 1, after: PageKey(id: Int64(number) + 1)))
        }
        guard let found = page.items.first, found.version == number,
              try !isHidden(.read, table: table, owner: found.userID)
        else {
            throw FHIRError(.notFound, "\(type)/\(id) has no version \(number) (history keeps versions for a limited time)")
        }
        guard let resource = try RowVersionMapping.resource(found, as: observationID) else {
            throw FHIRError(.gone, "\(type)/\(id) version \(number) is its deletion, on \(found.meta.updatedAt)")
        }
        return InteractionResult(status: .ok, resource: resource, address: "\(type)/\(id)")
    }

    /// The native row a Patient or Observation id names.
    func rowAddress(_ type: String, _ id: String) throws -> (NativeTable, Int64, ObservationID?) {
        switch type {
        case "Patient":
            guard let row = Self.userRow(id) else { throw FHIRError(.notFound, "Patient/\(id) is not known") }
            return (.users, row, nil)
        case "Observation":
            guard let observationID = ObservationID(id) else { throw FHIRError(.notFound, "Observation/\(id) is not known") }
            return (observationID.table, observationID.row, observationID)
        default:
            throw FHIRError(.methodNotAllowed, "\(type) resources have no history on this server")
        }
    }
}
