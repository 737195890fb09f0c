import FHIRFormat
import FHIRModels
import Mapping
import NativeModel
import Store
import Terminology

/// One NDJSON line of an import, read and mapped: what it writes, or why it is skipped or failed.
/// Lines are read in parallel; what depends on earlier lines (which user an Observation's subject
/// names) is settled afterwards, in line order, by `ImportSubjects`.
struct ImportItem: Sendable {
    enum Action: Sendable {
        /// A Patient, created or matched by the source's own reference (`Patient/{id}` as the source
        /// system knows it, which later lines refer to it by), then by its record numbers.
        case patient(UserRecord, match: UserMatch)
        /// An Observation's row, with the subject reference as the line has it.
        case observation(any MeasurementRecord, subject: Reference?)
        /// A resource the gateway does not store.
        case skipped
        case failed([FHIRIssue])
    }

    var line: Int
    var key: ImportCountKey
    var action: Action

    /// The system of the placeholder subject lines are mapped with, before their subject is resolved.
    private static let pendingSubject = Reference(identifier: Identifier(system: "urn:health-gateway:pending-subject",
                                                                        value: "pending"))

    init(_ line: ImportLine, serverBase: String?, now: Instant) {
        self.line = line.number
        if let length = line.overlongLength {
            (key, action) = (ImportCountKey("unreadable"), .failed([.error(.tooCostly, "The line is \(length) bytes long, "
                + "more than a line may have (import.maxLineBytes); it was not read")]))
            return
        }
        let resource: AnyResource
        do {
            resource = try FHIRJSON.decode(line.bytes)
        } catch let error as FHIRDecodingError {
            (key, action) = (ImportCountKey("unreadable"), .failed(error.issues))
            return
        } catch {
            (key, action) = (ImportCountKey("unreadable"), .failed([.error(.exception, "\(error)")]))
            return
        }
        let resourceType = resource.resourceType
        switch consume resource {
        case .patient(let patient):
            key = ImportCountKey(Patient.resourceType)
            action = Self.patient(patient)
        case .observation(let observation):
            key = ImportCountKey(Observation.resourceType, code: Self.code(of: observation))
            action = Self.observation(observation, serverBase: serverBase, now: now)
        default:
            key = ImportCountKey(resourceType)
            action = .skipped
        }
    }

    private static func patient(_ patient: Patient) -> Action {
        let record: UserRecord
        do {
            record = try PatientMapping.user(patient).0
        } catch let error as MappingError {
            return .failed(error.issues)
        } catch {
            return .failed([.error(.exception, "\(error)")])
        }
        let match = UserMatch(sourceReference: patient.id?.value.map { "Patient/\($0)" },
                              identifiers: PatientRecordNumbers.of(patient))
        guard match.sourceReference != nil || !match.identifiers.isEmpty else {
            return .failed([.error(.required, "An imported Patient needs an id or a record number (an identifier typed MR, "
                + "or one without a type, with a system and a value): a re-import finds the patient by them",
                at: "Patient.identifier")])
        }
        return .patient(record, match: match)
    }

    private static func observation(_ observation: consuming Observation, serverBase: String?, now: Instant) -> Action {
        guard isMapped(observation.code) || observation.component.contains(where: { isMapped($0.code) }) else { return .skipped }
        var pending = observation
        let subject = pending.subject
        pending.subject = Self.pendingSubject
        do {
            let record = try ObservationMapping.measurement(pending, serverBase: serverBase, now: now).record
            return .observation(record, subject: subject)
        } catch let error as MappingError {
            return .failed(error.issues)
        } catch {
            return .failed([.error(.exception, "\(error)")])
        }
    }

    /// Whether a LOINC coding of `code` names a measure the gateway stores.
    private static func isMapped(_ code: CodeableConcept?) -> Bool {
        code?.coding.contains { coding in
            coding.system?.value == LOINCConcept.system && coding.code?.value.flatMap { MeasureCatalog.definition(forLOINC: $0) } != nil
        } ?? false
    }

    /// The code counts are kept by: the first LOINC coding, else the first coding.
    private static func code(of observation: Observation) -> String? {
        let codings = observation.code?.coding ?? []
        guard let coding = codings.first(where: { $0.system?.value == LOINCConcept.system }) ?? codings.first,
              let code = coding.code?.value else { return nil }
        return coding.system?.value.map { "\($0)|\(code)" } ?? code
    }
}
