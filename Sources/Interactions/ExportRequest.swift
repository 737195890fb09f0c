public import NativeModel

/// A Bulk Data export as its kick-off asked for it (http://hl7.org/fhir/uv/bulkdata/export.html#query-parameters),
/// checked (`FHIRInteractions.exportRequest`) and kept with its job, which plans its searches from it.
public struct ExportRequest: Codable, Sendable, Hashable {
    /// `GET /fhir/$export` or `GET /fhir/Patient/$export`.
    public enum Level: String, Codable, Sendable {
        case system, allPatients
    }

    /// The types this server exports, in the order their files are written.
    public static var exportableTypes: [String] { ["Patient", "Observation"] }

    public var level: Level
    /// The types exported, in the order their files are written (Patients first, as importers expect).
    public var types: [String]
    /// `_since`: only resources created or changed after it.
    public var since: Instant? {
        get { sinceMilliseconds.map { Instant(millisecondsSince1970: $0) } }
        set { sinceMilliseconds = newValue?.millisecondsSince1970 }
    }
    /// `since` as it is kept (`Instant` has no Codable form of its own).
    private var sinceMilliseconds: Int64?
    /// `_typeFilter`: per type, the searches (query strings, `category=laboratory&date=ge2026`) a
    /// resource must match one of; a type without any is exported whole.
    public var typeFilters: [String: [String]]
    /// `patient` (on `Patient/$export`): the Patients whose data is exported; nil for every Patient.
    public var patients: [Int64]?
    /// The kick-off URL, as the manifest's `request` repeats it.
    public var request: String
    /// What lenient handling (`Prefer: handling=lenient`) left out, for the manifest's `error` file.
    public var warnings: [String]

    public init(level: Level, types: [String], since: Instant? = nil, typeFilters: [String: [String]] = [:],
                patients: [Int64]? = nil, request: String, warnings: [String] = []) {
        self.level = level
        self.types = types
        self.sinceMilliseconds = since?.millisecondsSince1970
        self.typeFilters = typeFilters
        self.patients = patients
        self.request = request
        self.warnings = warnings
    }
}
