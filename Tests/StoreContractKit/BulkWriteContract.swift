import NativeModel
import Store
import Testing

/// Long batches of measurement creates (an import chunk, a generated population): an engine may write
/// them in bulk (PostgreSQL copies them), but the outcome must be the one of applying the operations
/// one by one, repeated and already stored source keys included.
enum BulkWriteContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "a long batch of creates over every table reads back row for row, ids ascending in order") { store in
            let user = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            var records: [any MeasurementRecord] = []
            for day in 0..<12 {
                var activity = ContractFixtures.activity(dayOffset: day, steps: 5_000 + day, externalID: "run-\(day)")
                if day == 3 { activity.externalID = "tab\there back\\slash\nnew line\rreturn" }
                if day == 4 { activity.source = "ünïcode ✓ source" }
                records += [activity, ContractFixtures.glucose(dayOffset: day, value: 80 + Double(day) / 3),
                            ContractFixtures.sleep(dayOffset: day), ContractFixtures.bloodPressure(dayOffset: day)]
            }
            let outcomes = try await store.apply(records.map { .createMeasurement($0, owner: .id(user)) })
            #expect(outcomes.map(\.change) == Array(repeating: .created, count: records.count))
            #expect(outcomes.allSatisfy { $0.userID == user && $0.meta.version == 1 })
            for table in NativeTable.measurementTables {
                let ids = outcomes.filter { $0.table == table }.map(\.id)
                #expect(ids == ids.sorted() && Set(ids).count == ids.count, "ids of \(table) ascend in the batch's order")
            }
            for (record, outcome) in zip(records, outcomes) {
                #expect(try await readBack(record, id: outcome.id, from: store) == true, "row \(outcome.id) of \(outcome.table)")
            }
        },
        .init(name: "a batch repeating a source key or meeting a stored one matches as one by one would") { store in
            let user = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let stored = try #require(try await store.apply([
                .createMeasurement(ContractFixtures.activity(dayOffset: 0, externalID: "a-0"), owner: .id(user)),
            ]).first)
            func activity(_ day: Int, steps: Int = 8000) -> WriteOperation {
                .createOrMatchMeasurement(ContractFixtures.activity(dayOffset: day, steps: steps, externalID: "a-\(day)"),
                                          owner: .id(user), whenFound: .replace)
            }
            let outcomes = try await store.apply([
                activity(0, steps: 9_000), activity(1), activity(2), activity(1, steps: 7_000), activity(3),
                .createOrMatchMeasurement(ContractFixtures.activity(dayOffset: 2, steps: 1, externalID: "a-2"), owner: .id(user),
                                          whenFound: .keep),
                activity(4),
            ])
            #expect(outcomes.map(\.change) == [.updated, .created, .created, .updated, .created, .unchanged, .created])
            #expect(outcomes[0].id == stored.id && outcomes[0].meta.version == 2)
            #expect(outcomes[3].id == outcomes[1].id && outcomes[3].meta.version == 2)
            #expect(outcomes[5].id == outcomes[2].id && outcomes[5].meta.version == 1)
            #expect(try await store.rowCounts()[.physicalActivity] == 5)
            #expect(try await store.measurement(ActivityRecord.self, id: outcomes[1].id)?.record.steps == 7_000)
            #expect(try await store.measurement(ActivityRecord.self, id: outcomes[2].id)?.record.steps == 8_000)
            #expect(try await store.measurement(ActivityRecord.self, id: stored.id)?.record.steps == 9_000)
        },
        .init(name: "a batch of records without source keys matches stored and repeated content as one by one would") { store in
            let user = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let stored = try #require(try await store.apply([
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0, value: 92), owner: .id(user)),
            ]).first)
            func match(_ record: any MeasurementRecord) -> WriteOperation {
                .createOrMatchMeasurement(record, owner: .id(user), whenFound: .keep)
            }
            let outcomes = try await store.apply([
                match(ContractFixtures.glucose(dayOffset: 0, value: 92)), match(ContractFixtures.glucose(dayOffset: 1)),
                match(ContractFixtures.glucose(dayOffset: 1)), match(ContractFixtures.glucose(dayOffset: 0, value: 93)),
                match(ContractFixtures.heartRate(dayOffset: 0)), match(ContractFixtures.heartRate(dayOffset: 0)),
            ])
            #expect(outcomes.map(\.change) == [.unchanged, .created, .unchanged, .created, .created, .unchanged])
            #expect(outcomes[0].id == stored.id)
            #expect(outcomes[2].id == outcomes[1].id && outcomes[5].id == outcomes[4].id)
            #expect(try await store.rowCounts()[.bloodTests] == 3)
            #expect(try await store.rowCounts()[.vitalSigns] == 1)
        },
        .init(name: "a match after a plain create of the same record in one batch finds the created row") { store in
            let user = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let keyed = ContractFixtures.activity(dayOffset: 0, externalID: "k-1")
            let keyless = ContractFixtures.glucose(dayOffset: 0)
            let outcomes = try await store.apply([
                .createMeasurement(keyed, owner: .id(user)), .createMeasurement(keyless, owner: .id(user)),
                .createOrMatchMeasurement(keyed, owner: .id(user), whenFound: .replace),
                .createOrMatchMeasurement(keyless, owner: .id(user), whenFound: .keep),
            ])
            #expect(outcomes.map(\.change) == [.created, .created, .unchanged, .unchanged])
            #expect(outcomes[2].id == outcomes[0].id && outcomes[3].id == outcomes[1].id)
            #expect(try await store.rowCounts()[.physicalActivity] == 1)
            #expect(try await store.rowCounts()[.bloodTests] == 1)
        },
        .init(name: "a long batch of person matches creates, finds and links people as one by one would") { store in
            func mrn(_ value: String) -> ExternalIdentifier { ExternalIdentifier(system: "urn:mrn", value: value) }
            func person(_ n: Int, _ identifiers: [String]) -> UserRecord { ContractFixtures.user(n, identifiers: identifiers.map(mrn)) }
            let stored = try #require(try await store.apply([.createUser(person(1, ["M-1"]))]).first).id
            let imported = try #require(try await store.apply([
                .createOrMatchUser(person(9, ["M-9"]), match: UserMatch(sourceReference: "ehr/9", identifiers: [mrn("M-9")]),
                                   whenFound: .keep),
            ]).first).id
            let outcomes = try await store.apply([
                .createOrMatchUser(person(2, ["M-2"]), match: .identifier(mrn("M-2")), whenFound: .keep),
                .createOrMatchUser(person(1, ["M-1"]), match: .identifier(mrn("M-1")), whenFound: .keep),
                .createOrMatchUser(person(3, ["M-3"]), match: UserMatch(sourceReference: "ehr/3", identifiers: [mrn("M-3")]),
                                   whenFound: .keep),
                .createOrMatchUser(person(2, ["M-2"]), match: .identifier(mrn("M-2")), whenFound: .keep),
                .createOrMatchUser(person(3, ["M-3"]), match: UserMatch(sourceReference: "ehr/3", identifiers: []), whenFound: .keep),
                .createOrMatchUser(person(5, ["M-4", "M-5"]), match: .identifier(mrn("M-4")), whenFound: .keep),
                .createOrMatchUser(person(5, ["M-4", "M-5"]), match: .identifier(mrn("M-5")), whenFound: .keep),
                .createOrMatchUser(person(10, ["M-9"]), match: UserMatch(sourceReference: "ehr/10", identifiers: [mrn("M-9")]),
                                   whenFound: .keep),
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 0), owner: .createdBy(operation: 2)),
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 1), owner: .sourceRecord("ehr/3", elseID: nil)),
            ])
            #expect(outcomes.map(\.change) == [.created, .unchanged, .created, .unchanged, .unchanged, .created, .unchanged, .created,
                                               .created, .created])
            #expect(outcomes[1].id == stored)
            #expect(outcomes[3].id == outcomes[0].id && outcomes[4].id == outcomes[2].id && outcomes[6].id == outcomes[5].id)
            #expect(outcomes[7].id != imported, "a person imported from another source record is someone else")
            let created = [outcomes[0].id, outcomes[2].id, outcomes[5].id, outcomes[7].id]
            #expect(created == created.sorted() && created.allSatisfy { $0 > imported }, "new ids ascend in the batch's order")
            #expect(outcomes[8].userID == outcomes[2].id && outcomes[9].userID == outcomes[2].id)
            #expect(try await store.user(id: outcomes[5].id)?.record == person(5, ["M-4", "M-5"]))
            #expect(try await store.users(importedAs: ["ehr/3", "ehr/10"]) == ["ehr/3": outcomes[2].id, "ehr/10": outcomes[7].id])
            #expect(try await store.rowCounts()[.users] == 6)
        },
        .init(name: "a long batch of person matches stops at an ambiguous identifier and writes nothing") { store in
            let shared = ExternalIdentifier(system: "urn:mrn", value: "shared")
            try await store.apply([.createUser(ContractFixtures.user(1, identifiers: [shared])),
                                   .createUser(ContractFixtures.user(2, identifiers: [shared]))])
            let counts = try await store.rowCounts()
            let error = await expectStoreError {
                try await store.apply((3...7).map { n in
                    let identifier = n == 5 ? shared : ExternalIdentifier(system: "urn:mrn", value: "M-\(n)")
                    return .createOrMatchUser(ContractFixtures.user(n, identifiers: [identifier]), match: .identifier(identifier),
                                              whenFound: .keep)
                })
            }
            guard case .ambiguous(operation: 2, shared, matches: 2) = error else {
                Issue.record("expected the ambiguity of operation 2, got \(String(describing: error))")
                return
            }
            #expect(try await store.rowCounts() == counts)
        },
        .init(name: "a long batch naming users that do not exist fails on the first and writes none of its rows") { store in
            let user = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let counts = try await store.rowCounts()
            let error = await expectStoreError {
                try await store.apply((0..<6).map { day in
                    .createMeasurement(ContractFixtures.heartRate(dayOffset: day),
                                       owner: .id(day == 3 ? user + 2_000 : day == 5 ? user + 1_000 : user))
                })
            }
            guard case .notFound(.users, id: user + 2_000) = error else {
                Issue.record("expected notFound of user \(user + 2_000), the first unknown, got \(String(describing: error))")
                return
            }
            #expect(try await store.rowCounts() == counts)
        },
    ]

    /// Whether the row `id` of the record's table holds `record`.
    private static func readBack(_ record: any MeasurementRecord, id: Int64, from store: any HealthStore) async throws -> Bool {
        func read<Record: MeasurementRecord>(_ record: Record) async throws -> Bool {
            try await store.measurement(Record.self, id: id)?.record == record
        }
        return try await read(record)
    }
}
