import Access
public import FHIRModels
import Mapping
import Terminology
import NativeModel
import Store

extension FHIRInteractions {
    /// `update` (http://hl7.org/fhir/R4/http.html#update): replaces the current version. The body's id
    /// must be the id of the URL; `ifMatch` (`W/"3"`) makes it version-aware, 412 on a mismatch
    /// (http://hl7.org/fhir/R4/http.html#concurrency). A Patient id no Patient ever had is created
    /// (update-as-create, 201, http://hl7.org/fhir/R4/http.html#upsert); Observation ids are derived
    /// from rows, so an unknown one is 404.
    public func update(_ type: String, id: String, _ resource: AnyResource, ifMatch: String? = nil) async throws
        -> InteractionResult
    {
        try Self.checkIDForm(type, id)
        guard resource.resourceType == type else {
            throw FHIRError(.invalid, "The body is a resource of type \(resource.resourceType); the URL names \(type)",
                            at: "resourceType")
        }
        guard let bodyID = resource.id else {
            throw FHIRError(.invalid, "The resource must carry the id of the URL ('\(id)') to be updated", at: "\(type).id")
        }
        guard bodyID == id else {
            throw FHIRError(.invalid, "The resource's id '\(bodyID)' is not the id of the URL ('\(id)')", at: "\(type).id")
        }
        let expectedVersion = try Self.version(ifMatch: ifMatch)
        return try await retryingConcurrentChanges("\(type)/\(id)") {
            switch resource {
            case .patient(let patient): return try await updatePatient(patient, id: id, expectedVersion: expectedVersion)
            case .observation(let observation):
                return try await updateObservation(observation, id: id, expectedVersion: expectedVersion)
            default:
                throw FHIRError(.methodNotAllowed, "\(type) resources cannot be updated on this server")
            }
        }
    }

    private func updatePatient(_ patient: Patient, id: String, expectedVersion: Int?) async throws -> InteractionResult {
        let (record, warnings) = try mapped { try PatientMapping.user(patient) }
        let (operation, created) = try await patientUpdate(record, id: id, expectedVersion: expectedVersion)
        let operations = try await authorized([operation], addresses: ["Patient/\(id)"])
        let outcome = try await storeCall("Patient") { try await store.apply(operations)[0] }
        return Self.patientResult(record, outcome: outcome, created: created, warnings: warnings)
    }

    /// The write of a PUT of Patient `id`: an update of the Patient, or the creation of a Patient with
    /// an id never used (`created`); 410 for the id of a deleted Patient.
    func patientUpdate(_ record: UserRecord, id: String, expectedVersion: Int?) async throws
        -> (WriteOperation, created: Bool)
    {
        guard let row = Self.userRow(id), row <= Self.largestChosenID else {
            throw FHIRError(.invalid, "Patient ids on this server are numbers from 1 to \(Self.largestChosenID); "
                + "'\(id)' cannot be created with PUT (POST assigns an id)", at: "Patient.id")
        }
        // Outside the caller's compartment every id answers alike, whether it exists, existed or not.
        if try isHidden(.update, table: .users, owner: row) {
            throw FHIRError.forbidden("user/Patient.cu or system/Patient.cu", for: "writing Patient/\(id)")
        }
        guard let stored = try await storeCall("Patient", { try await store.user(id: row) }) else {
            if try await wasDeleted(.users, id: row) {
                throw FHIRError(.gone, "Patient/\(id) was deleted; its id is not given to another Patient")
            }
            return (.createUserWithID(id: row, record), true)
        }
        // A Patient's row holds nothing the update does not replace, so only a client's If-Match pins it.
        if let expectedVersion { _ = try Self.pinnedVersion(read: stored.meta.version, ifMatch: expectedVersion) }
        return (.updateUser(id: row, record, expectedVersion: expectedVersion), false)
    }

    /// The Patient a write of `record` made, as the result of its interaction.
    static func patientResult(_ record: UserRecord, outcome: WriteOutcome, created: Bool, warnings: [FHIRIssue])
        -> InteractionResult
    {
        let patient = PatientMapping.patient(StoredUser(id: outcome.id, meta: outcome.meta, record: record))
        return InteractionResult(status: created ? .created : .ok, resource: .patient(patient),
                                 address: "Patient/\(outcome.id)", issues: warnings)
    }

    private func updateObservation(_ observation: Observation, id: String, expectedVersion: Int?) async throws
        -> InteractionResult
    {
        let (operation, observationID, mapped) = try await observationUpdate(observation, id: id,
                                                                             expectedVersion: expectedVersion)
        _ = try await writeObservation([operation], subject: mapped.subject, address: "Observation/\(id)")
        return InteractionResult(status: .ok, resource: .observation(try await self.observation(observationID)),
                                 address: "Observation/\(id)", issues: mapped.warnings)
    }

    /// The write of a PUT of Observation `id`: the row it is a view of, with the incoming values.
    func observationUpdate(_ observation: Observation, id: String, expectedVersion: Int?) async throws
        -> (WriteOperation, ObservationID, MappedObservation)
    {
        guard let observationID = ObservationID(id) else {
            throw FHIRError(.notFound, "Observation/\(id) is not known")
        }
        _ = try await self.observation(observationID)  // 404 or 410 before anything else
        let mapped = try mapped { try ObservationMapping.measurement(observation, serverBase: serverBase, now: now()) }
        guard mapped.fits(observationID) else {
            throw FHIRError(.unprocessable, [.error(.codeInvalid, "Observation/\(id) is a view of a \(observationID.table.rawValue) "
                + "row\(Self.measureNote(observationID)); the code names \(mapped.measure.rawValue), which lives elsewhere. "
                + "Create it with POST instead", at: "Observation.code")])
        }
        let (record, owner, version) = try await replacement(for: observationID, with: mapped)
        if case .patient(let subject) = mapped.subject, subject != owner {
            throw FHIRError(.unprocessable, [.error(.processing, "Observation/\(id) belongs to Patient/\(owner); an "
                + "Observation cannot move to another Patient", at: "Observation.subject")])
        }
        let operation = WriteOperation.updateMeasurement(
            id: observationID.row, record, owner: .id(owner),
            expectedVersion: try Self.pinnedVersion(read: version, ifMatch: expectedVersion))
        return (operation, observationID, mapped)
    }

    /// The largest id a client may choose: far below the end of SQLite's 64-bit ids, so server
    /// assigned ids after it never run out.
    static var largestChosenID: Int64 { 999_999_999_999 }

    private static func measureNote(_ id: ObservationID) -> String {
        if case .activity(_, let measure) = id { return " (its \(measure.rawValue))" }
        return ""
    }

    /// The row that results from applying an incoming Observation to the stored row it is a view of,
    /// keeping what FHIR does not carry (sleep stages, the other values of an activity row, a known
    /// fasting state, the provenance when the Observation has no identifier); the row's owner, and the
    /// version of the row that was read, which the write pins.
    private func replacement(for id: ObservationID, with mapped: MappedObservation) async throws
        -> (any MeasurementRecord, owner: Int64, version: Int)
    {
        switch (mapped.row, id) {
        case (.activity(let incoming, let measure), .activity(let row, _)):
            guard let stored = try await measurement(ActivityRecord.self, row) else { break }
            var record = keepProvenance(incoming, stored.record)
            let others = ObservationID.activityMeasures.filter { $0 != measure }
                .filter { MeasureRows.value(of: $0, in: stored.record) != nil }
            if record.span != stored.record.span, !others.isEmpty {
                throw FHIRError(.unprocessable, [.error(.invariant, "Observation/\(id) shares its row with "
                    + others.map(\.rawValue).joined(separator: ", ") + "; its effective time cannot change",
                    at: "Observation.effective")])
            }
            record = MeasureRows.setting(measure, to: MeasureRows.value(of: measure, in: incoming),
                                         in: ActivityRecord(span: record.span, steps: stored.record.steps,
                                                            distanceMeters: stored.record.distanceMeters,
                                                            activeMinutes: stored.record.activeMinutes,
                                                            energyKilocalories: stored.record.energyKilocalories,
                                                            source: record.source, externalID: record.externalID))
            return (record, stored.userID, stored.meta.version)
        case (.sleep(let incoming), .sleep(let row)):
            guard let stored = try await measurement(SleepRecord.self, row) else { break }
            var record = keepProvenance(incoming, stored.record)
            record.deepMinutes = stored.record.deepMinutes
            record.lightMinutes = stored.record.lightMinutes
            record.remMinutes = stored.record.remMinutes
            record.awakeMinutes = stored.record.awakeMinutes
            return (record, stored.userID, stored.meta.version)
        case (.bloodTest(let incoming), .bloodTest(let row)):
            guard let stored = try await measurement(BloodTestRecord.self, row) else { break }
            var record = keepProvenance(incoming, stored.record)
            if record.fasting == nil, record.analyte == stored.record.analyte { record.fasting = stored.record.fasting }
            return (record, stored.userID, stored.meta.version)
        case (.vitalSign(let incoming), .vitalSign(let row)):
            guard let stored = try await measurement(VitalSignRecord.self, row) else { break }
            return (keepProvenance(incoming, stored.record), stored.userID, stored.meta.version)
        default: break
        }
        throw try await missing("Observation/\(id)", table: id.table, row: id.row)
    }

    private func keepProvenance<Record: MeasurementRecord>(_ incoming: Record, _ stored: Record) -> Record {
        guard incoming.externalID == nil else { return incoming }
        var record = incoming
        record.source = stored.source
        record.externalID = stored.externalID
        return record
    }
}
