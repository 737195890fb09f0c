import NativeModel
import Store
import Testing

/// Create-or-match and references by identifier: conditional creates and idempotent imports, decided
/// inside the transaction.
enum MatchingContract {
    static let mrn = ExternalIdentifier(system: "urn:mrn", value: "M-1")

    static let checks: [StoreContract.Check] = [
        .init(name: "create-or-match creates a user the first time and finds them after") { store in
            let user = ContractFixtures.user(1, identifiers: [mrn])
            let first = try #require(try await store.apply([.createOrMatchUser(user, match: .identifier(mrn), whenFound: .keep)]).first)
            #expect(first.change == .created)
            var changed = user
            changed.familyName = "Changed"
            let kept = try #require(try await store.apply([.createOrMatchUser(changed, match: .identifier(mrn), whenFound: .keep)]).first)
            #expect(kept.change == .unchanged)
            #expect(kept.id == first.id)
            #expect(kept.meta == first.meta)
            #expect(try await store.user(id: first.id)?.record == user, "keep leaves the found user as they were")
        },
        .init(name: "create-or-match with replace updates only what differs") { store in
            let user = ContractFixtures.user(1, identifiers: [mrn])
            let id = try #require(try await store.apply([.createOrMatchUser(user, match: .identifier(mrn), whenFound: .replace)]).first).id
            let same = try #require(try await store.apply([.createOrMatchUser(user, match: .identifier(mrn), whenFound: .replace)]).first)
            #expect(same.change == .unchanged)
            #expect(same.meta.version == 1)
            var changed = user
            changed.phone = "+41 44 999 99 99"
            let updated = try #require(try await store.apply([.createOrMatchUser(changed, match: .identifier(mrn), whenFound: .replace)]).first)
            #expect(updated.change == .updated)
            #expect(updated.meta.version == 2)
            #expect(try await store.user(id: id)?.record == changed)
            let history = try await store.history(of: .users, id: id, page: PageRequest(limit: 10)).items
            #expect(history.map(\.version) == [2, 1])
        },
        .init(name: "importing the same batch twice changes nothing the second time") { store in
            func batch() -> [WriteOperation] {
                [.createOrMatchUser(ContractFixtures.user(1, identifiers: [mrn]), match: .identifier(mrn), whenFound: .replace)]
                    + (0..<5).map { day in
                        .createOrMatchMeasurement(ContractFixtures.activity(dayOffset: day, externalID: "act-\(day)"),
                                                  owner: .createdBy(operation: 0), whenFound: .replace)
                    }
            }
            let first = try await store.apply(batch())
            #expect(first.map(\.change) == Array(repeating: .created, count: 6))
            let counts = try await store.rowCounts()
            let second = try await store.apply(batch())
            #expect(second.map(\.change) == Array(repeating: .unchanged, count: 6))
            #expect(second.map(\.id) == first.map(\.id))
            #expect(try await store.rowCounts() == counts)
        },
        .init(name: "concurrent conditional creates of one person make one user") { store in
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await store.apply([
                            .createOrMatchUser(ContractFixtures.user(1, identifiers: [mrn]), match: .identifier(mrn), whenFound: .keep),
                        ])[0].id
                    }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
            let users = try await store.rowCounts()[.users]
            #expect(users == 1)
        },
        .init(name: "a measurement's owner can be named by identifier") { store in
            try await store.apply([.createUser(ContractFixtures.user(1, identifiers: [mrn]))])
            let outcome = try #require(try await store.apply([
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 0), owner: .identifier(mrn)),
            ]).first)
            #expect(outcome.userID == 1)
            let unknown = ExternalIdentifier(system: "urn:mrn", value: "nobody")
            let error = await expectStoreError {
                try await store.apply([.createMeasurement(ContractFixtures.heartRate(dayOffset: 1), owner: .identifier(unknown))])
            }
            guard case .badReference(operation: 0, _) = error else {
                Issue.record("expected badReference, got \(String(describing: error))")
                return
            }
        },
        .init(name: "two users' measurements may share a source and external_id; each matches its own") { store in
            let ids = try await store.apply([.createUser(ContractFixtures.user(1)), .createUser(ContractFixtures.user(2))]).map(\.id)
            let activity = ContractFixtures.activity(dayOffset: 0, externalID: "shared")
            let first = try await store.apply([.createOrMatchMeasurement(activity, owner: .id(ids[0]), whenFound: .replace)])
            let second = try await store.apply([.createOrMatchMeasurement(activity, owner: .id(ids[1]), whenFound: .replace)])
            #expect(first.map(\.change) == [.created] && second.map(\.change) == [.created])
            #expect(first.first?.id != second.first?.id)
            #expect(second.first?.userID == ids[1])
            let again = try await store.apply([.createOrMatchMeasurement(activity, owner: .id(ids[0]), whenFound: .replace),
                                               .createOrMatchMeasurement(activity, owner: .id(ids[1]), whenFound: .replace)])
            #expect(again.map(\.change) == [.unchanged, .unchanged])
            #expect(again.map(\.id) == [first.first?.id, second.first?.id].compactMap { $0 })
        },
        .init(name: "a measurement without external_id matches the owner's row of the same time and content") { store in
            let ids = try await store.apply([.createUser(ContractFixtures.user(1)), .createUser(ContractFixtures.user(2))]).map(\.id)
            func match(_ record: some MeasurementRecord, _ owner: Int64) async throws -> WriteOutcome {
                let outcomes = try await store.apply([.createOrMatchMeasurement(record, owner: .id(owner), whenFound: .replace)])
                #expect(outcomes.count == 1)
                return outcomes[0]
            }
            let first = try await match(ContractFixtures.glucose(dayOffset: 0, value: 92), ids[0])
            #expect(first.change == .created)
            let again = try await match(ContractFixtures.glucose(dayOffset: 0, value: 92), ids[0])
            #expect(again.change == .unchanged)
            #expect(again.id == first.id)
            #expect(again.meta == first.meta)
            let otherValue = try await match(ContractFixtures.glucose(dayOffset: 0, value: 93), ids[0])
            #expect(otherValue.change == .created, "another value at the same time is another measurement")
            let otherDay = try await match(ContractFixtures.glucose(dayOffset: 1, value: 92), ids[0])
            #expect(otherDay.change == .created)
            let otherUser = try await match(ContractFixtures.glucose(dayOffset: 0, value: 92), ids[1])
            #expect(otherUser.change == .created)
            let sleep = try await match(ContractFixtures.sleep(dayOffset: 0), ids[0])
            #expect(try await match(ContractFixtures.sleep(dayOffset: 0), ids[0]).id == sleep.id)
            let activity = try await match(ContractFixtures.activity(dayOffset: 0), ids[0])
            #expect(try await match(ContractFixtures.activity(dayOffset: 0), ids[0]).id == activity.id)
            let pressure = try await match(ContractFixtures.bloodPressure(dayOffset: 0), ids[0])
            #expect(try await match(ContractFixtures.bloodPressure(dayOffset: 0), ids[0]).id == pressure.id)
            #expect(try await store.rowCounts()[.bloodTests] == 4)
        },
    ]
}
