public import FHIRModels
public import NativeModel
public import Store

/// What an audit record names as touched (issue 23): FHIR references (`Patient/3`, `Observation/lab-9`)
/// and the ids of the Patients they belong to, worked out from a write's outcomes, from a native row, or
/// from a resource the server answers with. Ids only: never a name or a value.
public enum AuditReferences {
    /// The references and patients met, in order, without repeats.
    public struct Touched: Sendable {
        public private(set) var entities: [String] = []
        public private(set) var patients: [String] = []
        /// Made once a list outgrows a look through it (most answers name one or two resources).
        private var entitySet: Set<String>?
        private var patientSet: Set<String>?
        static let linearLimit = 16

        public init() {}

        public mutating func add(entity: String) {
            Self.insert(entity, into: &entities, index: &entitySet)
        }

        public mutating func add(patient: String) {
            Self.insert(patient, into: &patients, index: &patientSet)
        }

        public mutating func add(_ other: Touched) {
            other.entities.forEach { add(entity: $0) }
            other.patients.forEach { add(patient: $0) }
        }

        /// Appends `value` unless it is there.
        private static func insert(_ value: String, into list: inout [String], index: inout Set<String>?) {
            if index != nil {
                guard index?.insert(value).inserted == true else { return }
            } else {
                guard !list.contains(value) else { return }
                if list.count >= linearLimit { index = Set(list + [value]) }
            }
            list.append(value)
        }
    }

    /// The FHIR references of a native row: a user is a Patient; a measurement row is one Observation,
    /// an activity row one per measure it holds.
    public static func references(table: NativeTable, row: Int64) -> [String] {
        switch table {
        case .users: return ["Patient/\(row)"]
        case .physicalActivity:
            return ObservationID.activityMeasures.map { "Observation/\(ObservationID.activity(row: row, $0))" }
        case .sleep: return ["Observation/\(ObservationID.sleep(row: row))"]
        case .bloodTests: return ["Observation/\(ObservationID.bloodTest(row: row))"]
        case .vitalSigns: return ["Observation/\(ObservationID.vitalSign(row: row))"]
        case .userIdentifiers: return []
        }
    }

    /// What a committed write touched: every row its operations created, changed or deleted.
    public static func touched(by outcomes: [WriteOutcome]) -> Touched {
        var touched = Touched()
        for outcome in outcomes {
            guard let table = outcome.table, outcome.change != .metadata else { continue }
            references(table: table, row: outcome.id).forEach { touched.add(entity: $0) }
            if table == .users {
                touched.add(patient: String(outcome.id))
            } else if let owner = outcome.userID {
                touched.add(patient: String(owner))
            }
        }
        return touched
    }

    /// What an answer shows: a Patient, an Observation (and its subject), a Bundle's entries (included
    /// resources too); OperationOutcomes, Parameters and the CapabilityStatement name no one.
    public static func touched(by resource: AnyResource) -> Touched {
        var touched = Touched()
        add(resource, to: &touched)
        return touched
    }

    private static func add(_ resource: AnyResource, to touched: inout Touched) {
        switch resource {
        case .patient(let patient):
            guard let id = patient.id?.value else { return }
            touched.add(entity: "Patient/\(id)")
            touched.add(patient: id)
        case .observation(let observation):
            guard let id = observation.id?.value else { return }
            touched.add(entity: "Observation/\(id)")
            if let subject = observation.subject?.reference?.value, subject.hasPrefix("Patient/") {
                touched.add(patient: String(subject.dropFirst("Patient/".count)))
            }
        case .bundle(let bundle):
            for entry in bundle.entry {
                if let resource = entry.resource { add(resource, to: &touched) }
            }
        case .other(let type, let children) where type == "AuditEvent":
            if let id = children.first(where: { $0.name == "id" }), case .primitive(let content) = id.content,
               let value = content.lexical {
                touched.add(entity: "AuditEvent/\(value)")
            }
        case .operationOutcome, .parameters, .capabilityStatement, .other:
            return
        }
    }
}
