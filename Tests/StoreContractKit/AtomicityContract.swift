import NativeModel
import Store
import Testing

/// One `apply` is all or nothing.
enum AtomicityContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "a batch with a failing operation leaves no trace") { store in
            let existing = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let before = try await store.rowCounts()
            let error = await expectStoreError {
                try await store.apply([
                    .createUser(ContractFixtures.user(2)),
                    .createMeasurement(ContractFixtures.activity(dayOffset: 0), owner: .createdBy(operation: 0)),
                    .updateUser(id: existing, ContractFixtures.user(3)),
                    .deleteUser(id: 12345),
                ])
            }
            #expect(error == .notFound(.users, id: 12345))
            #expect(try await store.rowCounts() == before)
            #expect(try await store.user(id: existing)?.record == ContractFixtures.user(1))
        },
        .init(name: "metadata computed from the batch's outcomes commits with them, or not at all") { store in
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1)),
                .createMeasurement(ContractFixtures.activity(dayOffset: 0), owner: .createdBy(operation: 0)),
                .setMetadataFromOutcomes(key: "progress") { outcomes in
                    outcomes.map { "\($0.change)" }.joined(separator: ",")
                },
            ])
            #expect(outcomes.count == 3)
            #expect(try await store.metadata("progress") == "created,created")
            struct Refused: Error {}
            let before = try await store.rowCounts()
            await #expect(throws: StoreError.self) {
                try await store.apply([
                    .createUser(ContractFixtures.user(2)),
                    .setMetadataFromOutcomes(key: "progress") { _ in throw Refused() },
                ])
            }
            #expect(try await store.rowCounts() == before, "a failure of the bookkeeping rolls the writes back")
            #expect(try await store.metadata("progress") == "created,created")
        },
        .init(name: "a reference to a later or missing createUser is refused") { store in
            let error = await expectStoreError {
                try await store.apply([
                    .createMeasurement(ContractFixtures.activity(dayOffset: 0), owner: .createdBy(operation: 1)),
                    .createUser(ContractFixtures.user(1)),
                ])
            }
            guard case .badReference(operation: 0, _) = error else {
                Issue.record("expected badReference, got \(String(describing: error))")
                return
            }
            let users = try await store.rowCounts()[.users]
            #expect(users == 0)
        },
        .init(name: "concurrent updates of one row each take the next version") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 2...9 {
                    group.addTask { try await store.apply([.updateUser(id: id, ContractFixtures.user(n))]) }
                }
                try await group.waitForAll()
            }
            #expect(try await store.user(id: id)?.meta.version == 9)
            let versions = try await store.history(of: .users, id: id, page: PageRequest(limit: 20)).items.map(\.version)
            #expect(versions == Array((1...9).reversed()), "every update kept the one before it")
        },
        .init(name: "concurrent batches each apply whole") { store in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        try await store.apply([.createUser(ContractFixtures.user(n))]
                            + (0..<5).map { .createMeasurement(ContractFixtures.heartRate(dayOffset: $0), owner: .createdBy(operation: 0)) })
                    }
                }
                try await group.waitForAll()
            }
            let counts = try await store.rowCounts()
            #expect(counts[.users] == 8)
            #expect(counts[.vitalSigns] == 40)
        },
    ]
}
