import FHIRModels
import Mapping
import NativeModel
import Store
import Terminology

/// One stored version of a native row as the FHIR resource it was: the Patient of a `users` version,
/// the Observation of a measurement version. nil for a deletion, and for a version of an activity row
/// that did not hold the Observation's measure.
enum RowVersionMapping {
    static func resource(_ version: RowVersion, as id: ObservationID?) throws -> AnyResource? {
        guard version.change != .deleted else { return nil }
        let meta = RowMeta(version: version.version, createdAt: version.meta.createdAt, updatedAt: version.meta.updatedAt)
        do {
            switch (version.table, id) {
            case (.users, nil):
                guard let record = try version.record(UserRecord.self) else { return nil }
                return .patient(PatientMapping.patient(StoredUser(id: version.id, meta: meta, record: record)))
            case (.physicalActivity, .activity(_, let measure)?):
                return try stored(ActivityRecord.self, version, meta)
                    .flatMap { ObservationMapping.observation($0, measure: measure) }.map(AnyResource.observation)
            case (.sleep, _):
                return try stored(SleepRecord.self, version, meta).map { .observation(ObservationMapping.observation($0)) }
            case (.bloodTests, _):
                return try stored(BloodTestRecord.self, version, meta).map { .observation(ObservationMapping.observation($0)) }
            case (.vitalSigns, _):
                return try stored(VitalSignRecord.self, version, meta).map { .observation(ObservationMapping.observation($0)) }
            default:
                return nil
            }
        } catch {
            throw FHIRError(.fault, "A kept version of \(version.table.rawValue) row \(version.id) cannot be read")
        }
    }

    private static func stored<Record: MeasurementRecord>(_ type: Record.Type, _ version: RowVersion, _ meta: RowMeta)
        throws -> StoredMeasurement<Record>?
    {
        try version.record(type).map { StoredMeasurement(id: version.id, userID: version.userID, meta: meta, record: $0) }
    }
}
