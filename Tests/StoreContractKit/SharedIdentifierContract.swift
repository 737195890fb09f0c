import NativeModel
import Store
import Testing

/// Matching when identifiers are shared between people (http://hl7.org/fhir/R4/http.html#ccreate:
/// several matches are a 412) and the source records imports remember (`UserMatch`).
enum SharedIdentifierContract {
    static let shared = ExternalIdentifier(system: "urn:mrn", value: "SHARED")

    /// Two users with the `shared` identifier; their ids.
    static func twoSharing(_ store: some HealthStore) async throws -> [Int64] {
        try await store.apply([.createUser(ContractFixtures.user(1, identifiers: [shared])),
                               .createUser(ContractFixtures.user(2, identifiers: [shared]))]).map(\.id)
    }

    static func expectAmbiguous(_ error: StoreError?, matches: Int) {
        guard case .ambiguous(operation: 0, shared, matches: matches)? = error else {
            Issue.record("expected ambiguous with \(matches) matches, got \(String(describing: error))")
            return
        }
    }

    static let checks: [StoreContract.Check] = [
        .init(name: "create-or-match by an identifier two users share is ambiguous and writes nothing") { store in
            _ = try await twoSharing(store)
            let counts = try await store.rowCounts()
            for whenFound in [WriteOperation.WhenFound.keep, .replace] {
                let error = await expectStoreError {
                    try await store.apply([.createOrMatchUser(ContractFixtures.user(3, identifiers: [shared]),
                                                              match: .identifier(shared), whenFound: whenFound)])
                }
                expectAmbiguous(error, matches: 2)
            }
            #expect(try await store.rowCounts() == counts)
        },
        .init(name: "a reference by an identifier two users share is ambiguous") { store in
            _ = try await twoSharing(store)
            let error = await expectStoreError {
                try await store.apply([.createMeasurement(ContractFixtures.heartRate(dayOffset: 0), owner: .identifier(shared))])
            }
            expectAmbiguous(error, matches: 2)
            #expect(try await store.rowCounts()[.vitalSigns] == 0)
        },
        .init(name: "an import finds a user by the source's reference first, whatever their identifiers") { store in
            let match = UserMatch(sourceReference: "Patient/ehr-1", identifiers: [shared])
            let created = try await store.apply([
                .createOrMatchUser(ContractFixtures.user(1, identifiers: [shared]), match: match, whenFound: .replace),
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 0), owner: .sourceRecord("Patient/ehr-1", elseID: nil)),
            ])
            #expect(created.map(\.change) == [.created, .created])
            #expect(created[1].userID == created[0].id, "the same batch resolves the record it just met")
            #expect(try await store.users(importedAs: ["Patient/ehr-1", "Patient/absent"]) == ["Patient/ehr-1": created[0].id])
            #expect(try await store.users(importedAs: []) == [:])
            try await store.apply([.createUser(ContractFixtures.user(2, identifiers: [shared]))])
            var moved = ContractFixtures.user(1)  // the record number changed at the source
            moved.familyName = "Renamed"
            let again = try #require(try await store.apply([
                .createOrMatchUser(moved, match: UserMatch(sourceReference: "Patient/ehr-1", identifiers: []), whenFound: .replace),
            ]).first)
            #expect(again.id == created[0].id)
            #expect(again.change == .updated)
            let later = try #require(try await store.apply([
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 1), owner: .sourceRecord("Patient/ehr-1", elseID: 999)),
            ]).first)
            #expect(later.userID == created[0].id, "a remembered record wins over the id form of the reference")
        },
        .init(name: "a source record no import met names the user of elseID, or nobody") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let outcome = try #require(try await store.apply([
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 0), owner: .sourceRecord("Patient/\(id)", elseID: id)),
            ]).first)
            #expect(outcome.userID == id)
            let error = await expectStoreError {
                try await store.apply([.createMeasurement(ContractFixtures.heartRate(dayOffset: 1),
                                                          owner: .sourceRecord("Patient/unknown", elseID: nil))])
            }
            guard case .badReference(operation: 0, _)? = error else {
                Issue.record("expected badReference, got \(String(describing: error))")
                return
            }
        },
        .init(name: "a record number matches a user no import claimed, never one another source record made") { store in
            let mrn = ExternalIdentifier(system: "urn:mrn", value: "M-7")
            let native = try #require(try await store.apply([.createUser(ContractFixtures.user(1, identifiers: [mrn]))]).first).id
            let claimed = try #require(try await store.apply([
                .createOrMatchUser(ContractFixtures.user(1, identifiers: [mrn]),
                                   match: UserMatch(sourceReference: "Patient/a", identifiers: [mrn]), whenFound: .replace),
            ]).first)
            #expect(claimed.id == native, "the user the FHIR API made is found by its record number")
            let other = try #require(try await store.apply([
                .createOrMatchUser(ContractFixtures.user(2, identifiers: [mrn]),
                                   match: UserMatch(sourceReference: "Patient/b", identifiers: [mrn]), whenFound: .replace),
            ]).first)
            #expect(other.change == .created, "another source record with the same number is another person")
            #expect(other.id != native)
            let error = await expectStoreError {
                try await store.apply([.createOrMatchUser(ContractFixtures.user(3, identifiers: [mrn]),
                                                          match: .identifier(mrn), whenFound: .keep)])
            }
            guard case .ambiguous(operation: 0, mrn, matches: 2)? = error else {
                Issue.record("expected ambiguous, got \(String(describing: error))")
                return
            }
        },
        .init(name: "deleting a user forgets the source record it was made of") { store in
            let match = UserMatch(sourceReference: "Patient/gone", identifiers: [])
            let first = try #require(try await store.apply([
                .createOrMatchUser(ContractFixtures.user(1), match: match, whenFound: .replace),
            ]).first)
            try await store.apply([.deleteUser(id: first.id)])
            let again = try #require(try await store.apply([
                .createOrMatchUser(ContractFixtures.user(1), match: match, whenFound: .replace),
            ]).first)
            #expect(again.change == .created)
            #expect(again.id != first.id)
        },
    ]
}
