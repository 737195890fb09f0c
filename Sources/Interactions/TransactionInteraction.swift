import Access
import FHIRModels
import Mapping
import NativeModel
import Store

/// A write made ready for the store: the native operations of one Bundle entry, and how their
/// outcomes become the entry's result once the whole transaction is applied.
struct PreparedWrite: Sendable {
    var operations: [WriteOperation]
    var finish: @Sendable (ArraySlice<WriteOutcome>) async throws -> InteractionResult

    init(operations: [WriteOperation], finish: @escaping @Sendable (ArraySlice<WriteOutcome>) async throws -> InteractionResult) {
        self.operations = operations
        self.finish = finish
    }

    /// One operation, whose outcome makes the result.
    init(_ operation: WriteOperation, finish: @escaping @Sendable (WriteOutcome) async throws -> InteractionResult) {
        self.init(operations: [operation]) { outcomes in
            guard let outcome = outcomes.first else { throw FHIRError(.fault, "The store answered no outcome") }
            return try await finish(outcome)
        }
    }
}

extension FHIRInteractions {
    /// A transaction: every entry prepared (mapped, checked, references resolved) in the order of the
    /// spec (DELETE, POST, PUT, GET; http://hl7.org/fhir/R4/http.html#trules), then all writes applied
    /// in one atomic step, then the reads. Any failure fails the whole Bundle, naming its entry.
    func transaction(_ bundle: Bundle, lenient: Bool) async throws -> Bundle {
        let requests = try bundle.entry.enumerated().map { index, entry in
            try BundleRequest(entry, index: index, serverBase: serverBase)
        }
        try Self.checkFullURLs(requests)
        // POSTs of Patients first: an Observation may refer to a Patient of a later entry. The keys are
        // computed once and the positions sorted: a request holds its resource, a large value, and a sort
        // of the requests themselves copied two of them per comparison.
        let keys = requests.map { request in
            let method = BundleRequest.Method.allCases.firstIndex(of: request.method) ?? 0
            return (method * 2 + (request.method == .post && request.type != "Patient" ? 1 : 0), request.index)
        }
        var references: [String: Int] = [:]  // fullUrl → the operation that creates the Patient
        var operations: [WriteOperation] = []
        var prepared: [Int: (range: Range<Int>, write: PreparedWrite)] = [:]
        var entryOfOperation: [Int: Int] = [:]
        var problems: [(index: Int, error: FHIRError)] = []
        var skipped: [Int: FHIRError] = [:]
        for position in requests.indices.sorted(by: { keys[$0] < keys[$1] }) {
            let request = requests[position]
            do {
                let write = try await prepare(request) { subject in
                    guard case .bundleEntry(let reference) = subject else { return try userRef(subject) }
                    guard let operation = references[reference] else {
                        throw FHIRError(.unprocessable, [.error(.notFound, "'\(reference)' is not the fullUrl of a Patient "
                            + "this Bundle creates", at: "Observation.subject.reference")])
                    }
                    return .createdBy(operation: operation)
                }
                if request.method == .post, request.type == "Patient", let fullUrl = request.fullUrl {
                    references[fullUrl] = operations.count
                }
                let range = operations.count..<operations.count + write.operations.count
                for position in range { entryOfOperation[position] = request.index }
                operations += write.operations
                prepared[request.index] = (range, write)
            } catch let error as FHIRError {
                if lenient, error.category == .unprocessable {
                    skipped[request.index] = error
                } else {
                    problems.append((request.index, error))
                }
            }
        }
        if !problems.isEmpty { throw Self.combined(problems) }
        let outcomes = try await apply(operations, entryOf: entryOfOperation)
        var entries: [BundleEntry] = []
        for request in requests {
            if let error = skipped[request.index] {
                let issues = error.issues.map { issue in
                    FHIRIssue(.warning, issue.code, "Skipped: \(issue.diagnostics)",
                              at: Self.entryPath(issue.expression, index: request.index))
                }
                entries.append(BundleEntry(response: BundleEntryResponse(
                    status: FHIRString(BundleResponses.statusLine(error.category.status)),
                    outcome: .operationOutcome(OperationOutcomes.outcome(issues)))))
                continue
            }
            guard let (range, write) = prepared[request.index] else { continue }
            // The writes are committed now: what fails from here (a GET of nothing) is that entry's answer.
            do {
                if request.method == .get {
                    entries.append(BundleResponses.entry(try await read(request.type, id: request.id ?? ""),
                                                         serverBase: serverBase))
                } else {  // the response says where the resource is and which version; the body stays out
                    entries.append(BundleResponses.entry(try await write.finish(outcomes[range]), serverBase: serverBase,
                                                         includingResource: false))
                }
            } catch let error as FHIRError {
                entries.append(BundleResponses.entry(error))
            }
        }
        return Bundle(type: "transaction-response", entry: entries)
    }

    /// The write of one entry, with `owner` resolving an Observation's subject.
    private func prepare(_ request: BundleRequest, owner: (SubjectReference) throws -> UserRef) async throws
        -> PreparedWrite
    {
        try request.checkWritable()
        switch (request.method, request.resource) {
        case (.delete, _):
            return try await deletion(request.type, id: request.id ?? "")
        case (.get, _):
            try Self.checkIDForm(request.type, request.id ?? "")
            return PreparedWrite(operations: []) { _ in InteractionResult(status: .ok, resource: nil) }
        case (.post, .patient(let patient)?):
            let (record, warnings) = try mapped { try PatientMapping.user(patient) }
            let operation: WriteOperation = try request.ifNoneExist.map {
                .createOrMatchUser(record, match: .identifier(try ConditionalQuery.identifier($0)), whenFound: .keep)
            } ?? .createUser(record)
            return PreparedWrite(operation) { outcome in
                return Self.patientResult(record, outcome: outcome, created: outcome.change != .unchanged,
                                          warnings: outcome.change == .unchanged ? [] : warnings)
            }
        case (.post, .observation(let observation)?):
            let mapped = try mapped { try ObservationMapping.measurement(observation, serverBase: serverBase, now: now()) }
            let userRef = try owner(mapped.subject)
            let operation: WriteOperation
            if let ifNoneExist = request.ifNoneExist {
                try Self.checkOwnIdentifier(ifNoneExist, of: mapped)
                operation = .createOrMatchMeasurement(mapped.record, owner: userRef, whenFound: .keep)
            } else {
                operation = .createMeasurement(mapped.record, owner: userRef)
            }
            return PreparedWrite(operation) { outcome in
                let id = ObservationID(mapped.measure, row: outcome.id)
                if outcome.change == .created {  // the response has no body: location and version are enough
                    return InteractionResult(status: .created, resource: nil, address: "Observation/\(id)",
                                             issues: mapped.warnings, meta: PatientMapping.meta(outcome.meta, profiles: []))
                }
                return InteractionResult(status: .ok, resource: .observation(try await self.observation(id)),
                                         address: "Observation/\(id)")
            }
        case (.put, let resource?):
            if let condition = request.condition { return try conditionalUpdate(resource, matching: condition) }
            return try await updateWrite(resource, type: request.type, id: request.id ?? "", ifMatch: request.ifMatch)
        case (_, let resource):
            throw FHIRError(.invalid, "\(request.method.rawValue) needs a \(resource?.resourceType ?? request.type) resource",
                            at: request.path)
        }
    }

    /// PUT `Type/id` inside a transaction.
    private func updateWrite(_ resource: AnyResource, type: String, id: String, ifMatch: String?) async throws -> PreparedWrite {
        try Self.checkIDForm(type, id)
        guard resource.id == id else {
            throw FHIRError(.invalid, "The resource's id '\(resource.id ?? "")' is not the id of request.url ('\(id)')",
                            at: "\(type).id")
        }
        let expectedVersion = try Self.version(ifMatch: ifMatch)
        switch resource {
        case .patient(let patient):
            let (record, warnings) = try mapped { try PatientMapping.user(patient) }
            let (operation, created) = try await patientUpdate(record, id: id, expectedVersion: expectedVersion)
            return PreparedWrite(operation) { outcome in
                return Self.patientResult(record, outcome: outcome, created: created, warnings: warnings)
            }
        case .observation(let observation):
            let (operation, observationID, mapped) = try await observationUpdate(observation, id: id,
                                                                                 expectedVersion: expectedVersion)
            return PreparedWrite(operation) { _ in
                InteractionResult(status: .ok, resource: .observation(try await self.observation(observationID)),
                                  address: "Observation/\(observationID)", issues: mapped.warnings)
            }
        default:
            throw FHIRError(.methodNotAllowed, "\(type) resources cannot be updated on this server")
        }
    }

    /// A conditional update (`PUT Patient?identifier=system|value`): the Patient with that identifier
    /// is replaced, or created when there is none; matched inside the atomic write.
    func conditionalUpdate(_ resource: AnyResource, matching condition: ExternalIdentifier) throws -> PreparedWrite {
        switch resource {
        case .patient(let patient):
            let (record, warnings) = try mapped { try PatientMapping.user(patient) }
            guard record.identifiers.contains(condition) else {
                throw FHIRError(.invalid, "A conditional update must carry the identifier it matches on "
                    + "(\(condition.system)|\(condition.value))", at: "Patient.identifier")
            }
            return PreparedWrite(.createOrMatchUser(record, match: .identifier(condition), whenFound: .replace)) { outcome in
                return Self.patientResult(record, outcome: outcome, created: outcome.change == .created, warnings: warnings)
            }
        default:
            throw FHIRError(.methodNotAllowed, "Conditional update is supported for Patient (identifier=system|value)")
        }
    }

    /// DELETE `Type/id` inside a transaction: nothing to delete is not an error (delete is idempotent).
    private func deletion(_ type: String, id: String) async throws -> PreparedWrite {
        try Self.checkIDForm(type, id)
        let nothing = PreparedWrite(operations: []) { _ in Self.nothingToDelete("\(type)/\(id)") }
        switch type {
        case "Patient":
            guard let row = Self.userRow(id), try !isHidden(.delete, table: .users, owner: row),
                  try await storeCall("Patient", { try await store.user(id: row) }) != nil
            else { return nothing }
            return PreparedWrite(.deleteUser(id: row)) { _ in Self.deleted("Patient/\(id) and all its Observations") }
        case "Observation":
            guard let observationID = ObservationID(id),
                  try await !isHidden(.delete, table: observationID.table, row: observationID.row),
                  let operation = try await observationDeletion(observationID)
            else { return nothing }
            return PreparedWrite(operation) { _ in Self.deleted("Observation/\(id)") }
        default:
            throw FHIRError(.methodNotAllowed, "\(type) resources cannot be deleted on this server")
        }
    }

    /// Applies the operations of every entry at once; a refusal names the entry it came from.
    func apply(_ operations: [WriteOperation], entryOf: [Int: Int]) async throws -> [WriteOutcome] {
        guard !operations.isEmpty else { return [] }
        let addresses = operations.indices.map { entryOf[$0].map { "Bundle.entry[\($0)]" } ?? "Bundle" }
        let operations = try await authorized(operations, addresses: addresses)
        do {
            return try await store.apply(operations)
        } catch let error as StoreError {
            switch error {
            case .invalid(let operation, _), .badReference(let operation, _), .ambiguous(let operation, _, _):
                let index = entryOf[operation]
                let resource = index.map { "Bundle.entry[\($0)]" } ?? "Bundle"
                let failure = FHIRError(error, resource: resource)
                throw FHIRError(failure.category, failure.issues.map { issue in
                    var issue = issue
                    if let index { issue.diagnostics = "Bundle.entry[\(index)]: \(issue.diagnostics)" }
                    return issue
                })
            case .notFound(.users, let id):
                throw FHIRError(.unprocessable, [.error(.notFound, "Patient/\(id) does not exist")])
            default:
                throw FHIRError(error, resource: "Bundle")
            }
        }
    }

    /// Two entries with the same fullUrl make references ambiguous: 400.
    private static func checkFullURLs(_ requests: [BundleRequest]) throws {
        var seen: [String: Int] = [:]
        for request in requests {
            guard let fullUrl = request.fullUrl else { continue }
            if let first = seen[fullUrl] {
                throw FHIRError(.invalid, "Bundle.entry[\(request.index)] has the fullUrl of Bundle.entry[\(first)] "
                    + "('\(fullUrl)')", at: "Bundle.entry[\(request.index)].fullUrl")
            }
            seen[fullUrl] = request.index
        }
    }

    /// Every entry's problems in one OperationOutcome, each located in its entry.
    private static func combined(_ problems: [(index: Int, error: FHIRError)]) -> FHIRError {
        let issues = problems.flatMap { index, error in
            error.issues.map { issue in
                FHIRIssue(issue.severity, issue.code, "Bundle.entry[\(index)]: \(issue.diagnostics)",
                          at: entryPath(issue.expression, index: index))
            }
        }
        let categories = problems.map(\.error.category)
        let category = categories.contains(.invalid) ? .invalid : categories.allSatisfy { $0 == categories[0] }
            ? categories[0] : .unprocessable
        return FHIRError(category, issues)
    }

    /// `Observation.code` of entry 3 → `Bundle.entry[3].resource.code`.
    static func entryPath(_ expression: String?, index: Int) -> String {
        guard let expression else { return "Bundle.entry[\(index)]" }
        if expression.hasPrefix("Bundle.") { return expression }
        let rest = expression.split(separator: ".", maxSplits: 1).dropFirst().first
        return "Bundle.entry[\(index)].resource" + (rest.map { ".\($0)" } ?? "")
    }

    /// If-None-Exist on an Observation must name its own identifier (the gateway's unique key).
    static func checkOwnIdentifier(_ ifNoneExist: String, of mapped: MappedObservation) throws {
        let identifier = try ConditionalQuery.identifier(ifNoneExist)
        guard mapped.record.externalID == identifier.value,
              ObservationMapping.identifierSystem(source: mapped.record.source) == identifier.system
        else {
            throw FHIRError(.invalid, "If-None-Exist must name the Observation's own identifier "
                + "(Observation.identifier system and value)", at: "Observation.identifier")
        }
    }
}
