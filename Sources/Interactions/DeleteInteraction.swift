import FHIRModels
import Mapping
import NativeModel
import Store

extension FHIRInteractions {
    /// `delete` (http://hl7.org/fhir/R4/http.html#delete). A Patient takes all its Observations with it
    /// (the native rows cascade). Deleting what does not exist, or no longer does, succeeds too: delete
    /// is idempotent. A later read answers 410 Gone.
    public func delete(_ type: String, id: String) async throws -> InteractionResult {
        try Self.checkIDForm(type, id)
        switch type {
        case "Patient":
            guard let row = Self.userRow(id) else { return Self.nothingToDelete("Patient/\(id)") }
            let deleted = try await deleteRows([.deleteUser(id: row)], resource: "Patient")
            return deleted ? Self.deleted("Patient/\(id) and all its Observations") : Self.nothingToDelete("Patient/\(id)")
        case "Observation":
            guard let observationID = ObservationID(id) else { return Self.nothingToDelete("Observation/\(id)") }
            let deleted = try await deleteObservation(observationID)
            return deleted ? Self.deleted("Observation/\(id)") : Self.nothingToDelete("Observation/\(id)")
        default:
            throw FHIRError(.methodNotAllowed, "\(type) resources cannot be deleted on this server")
        }
    }

    private func deleteObservation(_ id: ObservationID) async throws -> Bool {
        switch id {
        case .activity(let row, let measure):
            guard let stored = try await measurement(ActivityRecord.self, row),
                  MeasureRows.value(of: measure, in: stored.record) != nil
            else { return false }
            let rest = MeasureRows.setting(measure, to: nil, in: stored.record)
            let othersRemain = ObservationID.activityMeasures.contains { MeasureRows.value(of: $0, in: rest) != nil }
            let operation: WriteOperation = othersRemain
                ? .updateMeasurement(id: row, rest, owner: .id(stored.userID))
                : .deleteMeasurement(.physicalActivity, id: row)
            return try await deleteRows([operation], resource: "Observation")
        default:
            return try await deleteRows([.deleteMeasurement(id.table, id: id.row)], resource: "Observation")
        }
    }

    /// Applies a deletion; false when there was nothing to delete.
    private func deleteRows(_ operations: [WriteOperation], resource: String) async throws -> Bool {
        do {
            try await store.apply(operations)
            return true
        } catch StoreError.notFound {
            return false
        } catch let error as StoreError {
            throw FHIRError(error, resource: resource)
        }
    }

    private static func deleted(_ what: String) -> InteractionResult {
        InteractionResult(status: .ok, resource: nil, issues: [FHIRIssue(.information, .informational, "Deleted \(what)")])
    }

    private static func nothingToDelete(_ address: String) -> InteractionResult {
        InteractionResult(status: .ok, resource: nil,
                          issues: [FHIRIssue(.information, .informational, "\(address) does not exist; nothing to delete")])
    }
}
