import FHIRModels
import Access
import Mapping
import NativeModel
import Store

extension FHIRInteractions {
    /// Checks the writes of one interaction or of a whole Bundle against the caller's policy before
    /// any of them is applied, so a transaction with one forbidden entry writes nothing
    /// (http://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html). `addresses[i]` names what
    /// operation `i` writes, for messages. Returns the operations with the owners of new measurements
    /// pinned: a conditional reference (`Patient?identifier=…`) is resolved within the caller's
    /// compartment, so a match outside it answers as no match.
    func authorized(_ operations: [WriteOperation], addresses: [String]) async throws -> [WriteOperation] {
        if access.isUnrestricted { return operations }
        var result = operations
        for (index, operation) in operations.enumerated() {
            let address = index < addresses.count ? addresses[index] : "the resource"
            switch operation {
            case .createUser, .createOrMatchUser:
                let reach = try reach(.create, "Patient", for: "creating a Patient")
                guard reach.reachesEveryone(category: nil) else {
                    throw FHIRError.forbidden("user/Patient.c or system/Patient.c", for: "creating a Patient")
                }
            case .createUserWithID(let id, _):
                let reach = try reach(.create, "Patient", for: "creating \(address)")
                guard Self.admits(reach, userID: id, category: nil) else {
                    throw FHIRError.forbidden("user/Patient.c or system/Patient.c", for: "creating \(address)")
                }
            case .updateUser(let id, _, _):
                try checkExisting(.update, table: .users, owner: id, address: address)
            case .deleteUser(let id, _):
                try checkExisting(.delete, table: .users, owner: id, address: address)
            case .createMeasurement(let record, let owner):
                let owner = try await newOwner(owner, table: type(of: record).table, address: address)
                result[index] = .createMeasurement(record, owner: owner)
            case .createOrMatchMeasurement(let record, let owner, let whenFound):
                let owner = try await newOwner(owner, table: type(of: record).table, address: address)
                result[index] = .createOrMatchMeasurement(record, owner: owner, whenFound: whenFound)
            case .updateMeasurement(let id, let record, let owner, _):
                guard case .id(let ownerID) = owner else {
                    throw FHIRError(.forbidden, "An update must name the row's owner")
                }
                try checkExisting(.update, table: type(of: record).table, owner: ownerID, address: address)
                _ = id
            case .deleteMeasurement(let table, let id, let owner, let expectedVersion):
                let ownerID: Int64?
                if case .id(let known)? = owner { ownerID = known } else { ownerID = try await self.owner(of: table, id: id) }
                guard let ownerID else { continue }  // nothing to delete: the store says so
                try checkExisting(.delete, table: table, owner: ownerID, address: address)
                result[index] = .deleteMeasurement(table, id: id, owner: .id(ownerID), expectedVersion: expectedVersion)
            case .setMetadata, .addMetadata, .removeMetadata, .setMetadataFromOutcomes:
                throw FHIRError.forbidden("system/*.cruds", for: "writing the server's own records")
            }
        }
        return result
    }

    /// An existing row may be changed when a scope covers the verb for its type and category (else 403)
    /// and its owner is in that scope's compartment (else 404, as if it did not exist).
    private func checkExisting(_ verb: AccessVerb, table: NativeTable, owner: Int64, address: String) throws {
        let type = table == .users ? "Patient" : "Observation"
        let category = Self.category(of: table)
        let reach = try reach(verb, type, for: "\(Self.verbName(verb)) \(address)")
        guard !reach.parts(admitting: category).isEmpty else {
            throw FHIRError.forbidden("a \(type).\(verb.rawValue) scope for category \(category?.code ?? "")",
                                      for: "\(Self.verbName(verb)) \(address)")
        }
        guard Self.admits(reach, userID: owner, category: category) else {
            throw FHIRError(.notFound, "\(address) is not known")
        }
    }

    /// The owner of a new measurement, within the caller's compartment: a Patient outside it answers
    /// as one that does not exist.
    private func newOwner(_ owner: UserRef, table: NativeTable, address: String) async throws -> UserRef {
        let category = Self.category(of: table)
        let reach = try reach(.create, "Observation", for: "creating \(address)")
        guard !reach.parts(admitting: category).isEmpty else {
            throw FHIRError.forbidden("an Observation.c scope for category \(category?.code ?? "")", for: "creating \(address)")
        }
        guard let allowed = Self.owners(reach, category: category) else { return owner }
        switch owner {
        case .id(let id):
            guard allowed.contains(id) else {
                throw FHIRError(.unprocessable, [.error(.notFound, "Patient/\(id) does not exist", at: "Observation.subject")])
            }
            return owner
        case .identifier(let identifier):
            let search = UserSearch(conditions: [.identifier(system: identifier.system, value: identifier.value),
                                                 .oneOf(.id, allowed.map { .integer($0) })])
            let found = try await storeCall("Patient") {
                try await store.searchUsers(search, page: SearchPageRequest(limit: 1, countTotal: true))
            }
            guard let user = found.hits.first?.item else {
                throw FHIRError(.unprocessable, [.error(.notFound, "No Patient matches the subject: no user has the identifier "
                    + "\(identifier.system)|\(identifier.value)", at: "Observation.subject")])
            }
            if let total = found.total, total > 1 {  // counted inside the compartment: others stay unseen
                throw FHIRError.multipleMatches(identifier, matches: total, at: "Observation.subject")
            }
            return .id(user.id)
        case .sourceRecord:
            throw FHIRError.forbidden("system/Observation.c", for: "importing Observations")
        case .createdBy:
            throw FHIRError.forbidden("user/Observation.c or system/Observation.c",
                                      for: "creating Observations of a Patient created in the same Bundle")
        }
    }

    /// Whether the caller must be answered as if the row of `owner` did not exist: outside the
    /// compartment of the scopes that cover `verb` on its type and category. 403 when no scope covers
    /// the verb on the type at all.
    func isHidden(_ verb: AccessVerb, table: NativeTable, owner: Int64) throws -> Bool {
        if access.isUnrestricted { return false }
        let type = table == .users ? "Patient" : "Observation"
        let reach = try reach(verb, type, for: "\(Self.verbName(verb)) \(type) resources")
        return !Self.admits(reach, userID: owner, category: Self.category(of: table))
    }

    /// `isHidden` for a row not read yet: a row that does not exist is not hidden (it is missing).
    func isHidden(_ verb: AccessVerb, table: NativeTable, row: Int64) async throws -> Bool {
        if access.isUnrestricted { return false }
        _ = try reach(verb, table == .users ? "Patient" : "Observation", for: "\(Self.verbName(verb)) resources")
        guard let owner = try await owner(of: table, id: row) else { return false }
        return try isHidden(verb, table: table, owner: owner)
    }

    /// The owner of a measurement row, nil when there is no such row.
    func owner(of table: NativeTable, id: Int64) async throws -> Int64? {
        switch table {
        case .physicalActivity: return try await measurement(ActivityRecord.self, id)?.userID
        case .sleep: return try await measurement(SleepRecord.self, id)?.userID
        case .bloodTests: return try await measurement(BloodTestRecord.self, id)?.userID
        case .vitalSigns: return try await measurement(VitalSignRecord.self, id)?.userID
        case .users: return id
        case .userIdentifiers: return nil
        }
    }

    static func verbName(_ verb: AccessVerb) -> String {
        switch verb {
        case .create: return "creating"
        case .read: return "reading"
        case .update: return "updating"
        case .delete: return "deleting"
        case .search: return "searching"
        }
    }
}
