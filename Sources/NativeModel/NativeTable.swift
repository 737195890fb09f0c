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
