import Access
public import FHIRModels
import Mapping
import NativeModel
import Store

extension FHIRInteractions {
    /// `create` (http://hl7.org/fhir/R4/http.html#create): the server assigns the id. With
    /// `ifNoneExist` it is a conditional create (http://hl7.org/fhir/R4/http.html#ccreate): matched
    /// inside the store's atomic step, so concurrent identical creates make one resource; a match
    /// returns 200 with the existing resource.
    public func create(_ resource: AnyResource, ifNoneExist: String? = nil) async throws -> InteractionResult {
        switch resource {
        case .patient(let patient): return try await createPatient(patient, ifNoneExist: ifNoneExist)
        case .observation(let observation): return try await createObservation(observation, ifNoneExist: ifNoneExist)
        default:
            throw FHIRError(.methodNotAllowed, "\(resource.resourceType) resources cannot be created on this server")
        }
    }

    private func createPatient(_ patient: Patient, ifNoneExist: String?) async throws -> InteractionResult {
        let (record, warnings) = try mapped { try PatientMapping.user(patient) }
        let operation: WriteOperation
        if let ifNoneExist {
            let match = UserMatch.identifier(try ConditionalQuery.identifier(ifNoneExist))
            operation = .createOrMatchUser(record, match: match, whenFound: .keep)
        } else {
            operation = .createUser(record)
        }
        let operations = try await authorized([operation], addresses: ["Patient"])
        let outcome = try await storeCall("Patient") { try await store.apply(operations)[0] }
        if outcome.change == .unchanged {
            return InteractionResult(status: .ok, resource: .patient(try await self.patient(String(outcome.id))),
                                     address: "Patient/\(outcome.id)")
        }
        let created = PatientMapping.patient(StoredUser(id: outcome.id, meta: outcome.meta, record: record))
        return InteractionResult(status: .created, resource: .patient(created), address: "Patient/\(outcome.id)",
                                 issues: warnings)
    }

    private func createObservation(_ observation: Observation, ifNoneExist: String?) async throws -> InteractionResult {
        let mapped = try mapped { try ObservationMapping.measurement(observation, serverBase: serverBase, now: now()) }
        let owner = try userRef(mapped.subject)
        let operation: WriteOperation
        if let ifNoneExist {
            try Self.checkOwnIdentifier(ifNoneExist, of: mapped)
            operation = .createOrMatchMeasurement(mapped.record, owner: owner, whenFound: .keep)
        } else {
            operation = .createMeasurement(mapped.record, owner: owner)
        }
        let outcome = try await writeObservation([operation], subject: mapped.subject, address: "Observation")[0]
        let id = ObservationID(mapped.measure, row: outcome.id)
        let stored = try await self.observation(id)
        return InteractionResult(status: outcome.change == .unchanged ? .ok : .created, resource: .observation(stored),
                                 address: "Observation/\(id)", issues: outcome.change == .unchanged ? [] : mapped.warnings)
    }

    /// The store's reference to the Patient an Observation is about.
    func userRef(_ subject: SubjectReference) throws -> UserRef {
        switch subject {
        case .patient(let id): return .id(id)
        case .identifier(let identifier): return .identifier(identifier)
        case .bundleEntry(let reference):
            throw FHIRError(.unprocessable, [.error(.notFound, "'\(reference)' names an entry of a Bundle; outside a "
                + "transaction it refers to nothing", at: "Observation.subject.reference")])
        }
    }

    /// Applies measurement writes; a subject that does not exist is the client's error about the
    /// subject, not a missing resource.
    func writeObservation(_ operations: [WriteOperation], subject: SubjectReference, address: String) async throws
        -> [WriteOutcome]
    {
        let operations = try await authorized(operations, addresses: operations.map { _ in address })
        do {
            return try await store.apply(operations)
        } catch StoreError.notFound(.users, let id) {
            throw FHIRError(.unprocessable, [.error(.notFound, "Patient/\(id) does not exist", at: "Observation.subject")])
        } catch StoreError.badReference(_, let message) {
            throw FHIRError(.unprocessable, [.error(.notFound, "No Patient matches the subject: \(message)",
                                                    at: "Observation.subject")])
        } catch let error as StoreError {
            throw FHIRError(error, resource: "Observation")
        }
    }

    /// Runs a mapping, turning its refusal into a 422.
    func mapped<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as MappingError {
            throw FHIRError(error)
        }
    }
}
