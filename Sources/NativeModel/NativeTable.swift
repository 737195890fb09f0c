/// The tables of the native store, by their SQL names (shared by SQLite and PostgreSQL).
public enum NativeTable: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case users
    case userIdentifiers = "user_identifiers"
    case physicalActivity = "physical_activity"
    case sleep
    case bloodTests = "blood_tests"
    case vitalSigns = "vital_signs"

    /// The tables that hold measurements, each with a `user_id`.
    public static let measurementTables: [NativeTable] = [.physicalActivity, .sleep, .bloodTests, .vitalSigns]

    public var description: String { rawValue }
}

extension NativeTable {
    /// The record type of the table's rows; nil for `user_identifiers`, which belong to `UserRecord`.
    public var recordType: (any NativeRecord.Type)? {
        switch self {
        case .users: return UserRecord.self
        case .userIdentifiers: return nil
        case .physicalActivity: return ActivityRecord.self
        case .sleep: return SleepRecord.self
        case .bloodTests: return BloodTestRecord.self
        case .vitalSigns: return VitalSignRecord.self
        }
    }
}
