import Access
import FHIRModels
import Mapping
import NativeModel
import Store
import Terminology

extension FHIRInteractions {
    /// `read`: the current version of a resource (http://hl7.org/fhir/R4/http.html#read). 404 for an
    /// id never seen, 410 for a deleted one.
    public func read(_ type: String, id: String) async throws -> InteractionResult {
        try Self.checkIDForm(type, id)
        switch type {
        case "Patient":
            let reach = try reach(.read, "Patient", for: "reading Patient/\(id)")
            if !access.isUnrestricted {
                guard let row = Self.userRow(id), Self.admits(reach, userID: row, category: nil) else {
                    throw FHIRError(.notFound, "Patient/\(id) is not known")
                }
            }
            return InteractionResult(status: .ok, resource: .patient(try await patient(id)), address: "Patient/\(id)")
        case "Observation":
            guard let observationID = ObservationID(id) else {
                throw FHIRError(.notFound, "Observation/\(id) is not known: Observation ids look like act-42-steps, "
                    + "sleep-7, lab-9 or vital-3")
            }
            _ = try reach(.read, "Observation", for: "reading Observation/\(id)")
            if try await isHidden(.read, table: observationID.table, row: observationID.row) {
                throw FHIRError(.notFound, "Observation/\(id) is not known")
            }
            return InteractionResult(status: .ok, resource: .observation(try await observation(observationID)),
                                     address: "Observation/\(id)")
        default:
            guard let resource = ProfileCatalog.resource(type: type, id: id) else {
                throw FHIRError(.notFound, "\(type)/\(id) is not known; this server has "
                    + ProfileCatalog.resources.map(\.address).filter { $0.hasPrefix(type + "/") }.joined(separator: ", "))
            }
            return InteractionResult(status: .ok, resource: resource, address: "\(type)/\(id)")
        }
    }

    func patient(_ id: String) async throws -> Patient {
        guard let row = Self.userRow(id) else { throw FHIRError(.notFound, "Patient/\(id) is not known") }
        guard let user = try await storeCall("Patient", { try await store.user(id: row) }) else {
            throw try await missing("Patient/\(id)", table: .users, row: row)
        }
        return PatientMapping.patient(user)
    }

    func observation(_ id: ObservationID) async throws -> Observation {
        let found: Observation?
        switch id {
        case .activity(let row, let measure):
            found = try await measurement(ActivityRecord.self, row).flatMap { ObservationMapping.observation($0, measure: measure) }
            if found == nil, try await activityValueWasDeleted(row, measure) {
                throw FHIRError(.gone, "Observation/\(id) was deleted")
            }
        case .sleep(let row): found = try await measurement(SleepRecord.self, row).map(ObservationMapping.observation)
        case .bloodTest(let row): found = try await measurement(BloodTestRecord.self, row).map(ObservationMapping.observation)
        case .vitalSign(let row): found = try await measurement(VitalSignRecord.self, row).map(ObservationMapping.observation)
        }
        guard let found else { throw try await missing("Observation/\(id)", table: id.table, row: id.row) }
        return found
    }

    func measurement<Record: MeasurementRecord>(_ type: Record.Type, _ row: Int64) async throws
        -> StoredMeasurement<Record>?
    {
        try await storeCall("Observation") { try await store.measurement(type, id: row) }
    }

    /// Whether an activity row once held this measure's value: a value deleted through FHIR leaves
    /// the row (its other values live on) but is gone, not unknown.
    private func activityValueWasDeleted(_ row: Int64, _ measure: Terminology.Measure) async throws -> Bool {
        let versions = try await storeCall("Observation") {
            try await store.history(of: .physicalActivity, id: row, page: PageRequest(limit: 100))
        }
        return versions.items.contains { version in
            guard let record = try? version.record(ActivityRecord.self) else { return false }
            return MeasureRows.value(of: measure, in: record) != nil
        }
    }
}
