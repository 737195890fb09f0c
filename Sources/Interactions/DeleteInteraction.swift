import Access
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
            guard let row = Self.userRow(id), try !isHidden(.delete, table: .users, owner: row) else {
                return Self.nothingToDelete("Patient/\(id)")
            }
            let deleted = try await deleteRows([.deleteUser(id: row)], resource: "Patient")
            return deleted ? Self.deleted("Patient/\(id) and all its Observations") : Self.nothingToDelete("Patient/\(id)")
        case "Observation":
            guard let observationID = ObservationID(id),
                  try await !isHidden(.delete, table: observationID.table, row: observationID.row)
            else { return Self.nothingToDelete("Observation/\(id)") }
            let deleted = try await retryingConcurrentChanges("Observation/\(id)") { try await deleteObservation(observationID) }
            return deleted ? Self.deleted("Observation/\(id)") : Self.nothingToDelete("Observation/\(id)")
        default:
            throw FHIRError(.methodNotAllowed, "\(type) resources cannot be deleted on this server")
        }
    }

    private func deleteObservation(_ id: ObservationID) async throws -> Bool {
        guard let operation = try await observationDeletion(id) else { return false }
        return try await deleteRows([operation], resource: "Observation")
    }

    /// The write that deletes Observation `id`: the row, or for one value of an activity row that
    /// keeps others, the row without it; nil when there is nothing to delete. An activity row's write
    /// pins the version read, so a value another client sets meanwhile is neither undone nor deleted.
    func observationDeletion(_ id: ObservationID) async throws -> WriteOperation? {
        switch id {
        case .activity(let row, let measure):
            guard let stored = try await measurement(ActivityRecord.self, row),
                  MeasureRows.value(of: measure, in: stored.record) != nil
            else { return nil }
            let rest = MeasureRows.setting(measure, to: nil, in: stored.record)
            let othersRemain = ObservationID.activityMeasures.contains { MeasureRows.value(of: $0, in: rest) != nil }
            let version = stored.meta.version
            return othersRemain ? .updateMeasurement(id: row, rest, owner: .id(stored.userID), expectedVersion: version)
                : .deleteMeasurement(.physicalActivity, id: row, expectedVersion: version)
        default:
            guard try await rowExists(id) else { return nil }
            return .deleteMeasurement(id.table, id: id.row)
        }
    }

    private func rowExists(_ id: ObservationID) async throws -> Bool {
        switch id {
        case .activity(let row, _): return try await measurement(ActivityRecord.self, row) != nil
        case .sleep(let row): return try await measurement(SleepRecord.self, row) != nil
        case .bloodTest(let row): return try await measurement(BloodTestRecord.self, row) != nil
        case .vitalSign(let row): return try await measurement(VitalSignRecord.self, row) != nil
        }
    }

    /// Applies a deletion; false when there was nothing to delete.
    private func deleteRows(_ operations: [WriteOperation], resource: String) async throws -> Bool {
        let operations = try await authorized(operations, addresses: [resource])
        do {
            try await store.apply(operations)
            return true
        } catch StoreError.notFound {
            return false
        } catch let error as StoreError {
            throw FHIRError(error, resource: resource)
        }
    }

    static func deleted(_ what: String) -> InteractionResult {
        InteractionResult(status: .ok, resource: nil, issues: [FHIRIssue(.information, .informational, "Deleted \(what)")])
    }

    static func nothingToDelete(_ address: String) -> InteractionResult {
        InteractionResult(status: .ok, resource: nil,
                          issues: [FHIRIssue(.information, .informational, "\(address) does not exist; nothing to delete")])
    }
}
