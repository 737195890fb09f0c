public import Access
import FHIRModels
import Mapping
public import NativeModel
public import Store

/// The FHIR RESTful interactions on the native store, without HTTP (http://hl7.org/fhir/R4/http.html).
/// Each interaction lives in its own file; all of them throw only `FHIRError`. The HTTP layer parses
/// the request, calls one of these, and renders the result or the error.
public struct FHIRInteractions<Store: HealthStore>: Sendable {
    public let store: Store
    /// The server's base URL (`http://localhost:8080/fhir`), to understand absolute references to it.
    public let serverBase: String?
    /// The clock future measurements are checked against.
    public let now: @Sendable () -> Instant
    /// What the caller may do (`FHIRInteractions+Access`): every interaction enforces it, inside the
    /// store's queries where it limits what is read.
    public let access: AccessPolicy

    public init(store: Store, serverBase: String? = nil, access: AccessPolicy = .unrestricted,
                now: @escaping @Sendable () -> Instant = { .now() }) {
        self.store = store
        self.serverBase = serverBase
        self.access = access
        self.now = now
    }

    /// Runs a store call, turning its errors into FHIR errors about `resource`.
    func storeCall<T>(_ resource: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw FHIRError(error, resource: resource)
        }
    }

    /// How many times an interaction runs when its writes keep losing races with other writers.
    static var concurrentChangeAttempts: Int { 10 }

    /// Runs `interaction` and, when its write lost a race (a row it read changed before the write
    /// landed, `FHIRError.lostRace`), runs it again from its reads. Writes of one Observation carry the
    /// version of the row they read and merged into (several Observations are views of one activity
    /// row), so two clients writing two values of a row at once both keep their value: the second
    /// write is refused by the store and made again over the first. After `concurrentChangeAttempts`
    /// lost races the client is told to send the write again (409).
    func retryingConcurrentChanges<T>(_ what: String, _ interaction: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await interaction()
            } catch let error as FHIRError where error.lostRace {
                guard attempt < Self.concurrentChangeAttempts else {
                    throw FHIRError(.conflict, "\(what) changed \(attempt) times while this write was being applied; "
                        + "send it again")
                }
                attempt += 1
            }
        }
    }

    /// The version a write pins: the one it read. A client's `If-Match` that names another one is
    /// refused before anything is written, and never retried.
    static func pinnedVersion(read current: Int, ifMatch expected: Int?) throws -> Int {
        if let expected, expected != current { throw FHIRError.versionMismatch(expected: expected, current: current) }
        return current
    }

    /// Whether the row was deleted (a tombstone in its history) rather than never there.
    func wasDeleted(_ table: NativeTable, id: Int64) async throws -> Bool {
        let page = try await storeCall(table.rawValue) {
            try await store.history(of: table, id: id, page: PageRequest(limit: 1))
        }
        return page.items.first?.change == .deleted
    }

    /// The error for a missing resource: 410 when it was deleted, else 404.
    /// A resource of another patient than the caller's is answered as one never known.
    func missing(_ address: String, table: NativeTable?, row: Int64?) async throws -> FHIRError {
        if let table, let row {
            let page = try await storeCall(table.rawValue) {
                try await store.history(of: table, id: row, page: PageRequest(limit: 1))
            }
            if let tombstone = page.items.first, tombstone.change == .deleted,
               access.patients.map({ $0.contains(String(tombstone.userID)) }) ?? true
            {
                return FHIRError(.gone, "\(address) was deleted")
            }
        }
        return FHIRError(.notFound, "\(address) is not known")
    }

    /// The row id of a Patient id: ids are the `users` row ids.
    static func userRow(_ id: String) -> Int64? {
        guard let row = Int64(id), row > 0, String(row) == id else { return nil }
        return row
    }

    /// A logical id must have the form of FHIR's `id` (http://hl7.org/fhir/R4/datatypes.html#id).
    static func checkIDForm(_ type: String, _ id: String) throws {
        guard PrimitiveKinds.IdKind.isValid(id) else {
            throw FHIRError(.invalid, "'\(id)' is not a valid resource id ([A-Za-z0-9-.]{1,64})", at: "\(type).id")
        }
    }

    /// The version an `If-Match` header names: `W/"3"` (http://hl7.org/fhir/R4/http.html#concurrency).
    public static func version(ifMatch: String?) throws -> Int? {
        guard let ifMatch else { return nil }
        var text = Substring(ifMatch.trimmingCharacters(in: " "))
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = text.dropFirst().dropLast() }
        guard let version = Int(text), version > 0 else {
            throw FHIRError(.invalid, "If-Match must name a version as an ETag, like W/\"3\"; got '\(ifMatch)'")
        }
        return version
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> Substring {
        let start = firstIndex { $0 != set } ?? endIndex
        let end = lastIndex { $0 != set }.map(index(after:)) ?? start
        return self[start..<max(start, end)]
    }
}
