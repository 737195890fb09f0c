import NativeModel
import Store
import Testing

/// Users: create, read, update with versions, unique email and identifiers, delete with cascade.
enum UserContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "many users read at once each come back whole, and ids without a user read nothing") { store in
            // Reads that arrive together may share one statement (PostgreSQL's `PointReadBatches`).
            let users = (1...40).map { n in
                ContractFixtures.user(n, identifiers: n % 3 == 0 ? [ExternalIdentifier(system: "urn:mrn", value: "M\(n)")] : [])
            }
            let outcomes = try await store.apply(users.map { .createUser($0) })
            let expected = Dictionary(uniqueKeysWithValues: zip(outcomes.map(\.id), users))
            let asked = outcomes.map(\.id) + outcomes.map(\.id).prefix(10) + (1...10).map { 100_000 + Int64($0) }
            let read = try await withThrowingTaskGroup(of: (Int64, UserRecord?).self) { group in
                for id in asked { group.addTask { (id, try await store.user(id: id)?.record) } }
                return try await group.reduce(into: [(Int64, UserRecord?)]()) { $0.append($1) }
            }
            #expect(read.count == asked.count)
            for (id, record) in read { #expect(record == expected[id], "user \(id)") }
        },
        .init(name: "a created user reads back with version 1") { store in
            let user = ContractFixtures.user(1, identifiers: [ExternalIdentifier(system: "urn:mrn", value: "A1")])
            let outcome = try #require(try await store.apply([.createUser(user)]).first)
            #expect(outcome.change == .created)
            #expect(outcome.meta.version == 1)
            let stored = try #require(try await store.user(id: outcome.id))
            #expect(stored.record == user)
            #expect(stored.meta == outcome.meta)
        },
        .init(name: "a user created with a chosen id gets it, and an id in use or once used is a conflict") { store in
            let outcome = try #require(try await store.apply([.createUserWithID(id: 500, ContractFixtures.user(1))]).first)
            #expect(outcome.change == .created)
            #expect(outcome.id == 500)
            #expect(try await store.user(id: 500)?.record == ContractFixtures.user(1))
            let taken = await expectStoreError { try await store.apply([.createUserWithID(id: 500, ContractFixtures.user(2))]) }
            guard case .conflict(.users, field: "id", _) = taken else {
                Issue.record("expected an id conflict, got \(String(describing: taken))")
                return
            }
            try await store.apply([.deleteUser(id: 500)])
            let reused = await expectStoreError { try await store.apply([.createUserWithID(id: 500, ContractFixtures.user(2))]) }
            guard case .conflict(.users, field: "id", _) = reused else {
                Issue.record("expected an id conflict for a deleted user's id, got \(String(describing: reused))")
                return
            }
            let next = try #require(try await store.apply([.createUser(ContractFixtures.user(3))]).first)
            #expect(next.id > 500, "server-assigned ids continue after chosen ones")
        },
        .init(name: "an update replaces content and identifiers and bumps the version") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            var changed = ContractFixtures.user(1, identifiers: [ExternalIdentifier(system: "urn:mrn", value: "B2")])
            changed.familyName = "Renamed"
            changed.phone = nil
            let outcome = try #require(try await store.apply([.updateUser(id: id, changed, expectedVersion: 1)]).first)
            #expect(outcome.meta.version == 2)
            let stored = try #require(try await store.user(id: id))
            #expect(stored.record == changed)
            #expect(stored.meta.version == 2)
            #expect(stored.meta.createdAt <= stored.meta.updatedAt)
        },
        .init(name: "an update at the wrong version is refused and changes nothing") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let error = await expectStoreError { try await store.apply([.updateUser(id: id, ContractFixtures.user(2), expectedVersion: 7)]) }
            #expect(error == .versionMismatch(.users, id: id, expected: 7, actual: 1))
            #expect(try await store.user(id: id)?.record == ContractFixtures.user(1))
        },
        .init(name: "two users may share an email and an identifier: both are stored") { store in
            let mrn = ExternalIdentifier(system: "urn:mrn", value: "X9")
            let first = try #require(try await store.apply([.createUser(ContractFixtures.user(1, identifiers: [mrn]))]).first)
            var other = ContractFixtures.user(2, identifiers: [mrn])
            other.email = "USER1@example.org"
            let second = try #require(try await store.apply([.createUser(other)]).first)
            #expect(second.id != first.id)
            #expect(try await store.user(id: second.id)?.record == other)
            #expect(try await store.user(id: first.id)?.record.identifiers == [mrn])
            let found = try await store.searchUsers(UserSearch(conditions: [.identifier(system: "urn:mrn", value: "X9")]),
                                                    page: SearchPageRequest(limit: 10))
            #expect(found.hits.map(\.item.id) == [first.id, second.id])
        },
        .init(name: "deleting a user removes them and cascades to every row of theirs") { store in
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1, identifiers: [ExternalIdentifier(system: "urn:mrn", value: "C3")])),
                .createMeasurement(ContractFixtures.activity(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.sleep(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.bloodPressure(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createUser(ContractFixtures.user(2)),
                .createMeasurement(ContractFixtures.activity(dayOffset: 0), owner: .createdBy(operation: 5)),
            ])
            let deleted = try #require(try await store.apply([.deleteUser(id: outcomes[0].id)]).first)
            #expect(deleted.change == .deleted)
            #expect(try await store.user(id: outcomes[0].id) == nil)
            let counts = try await store.rowCounts()
            #expect(counts[.users] == 1)
            #expect(counts[.userIdentifiers] == 0)
            #expect(counts[.physicalActivity] == 1)
            #expect(counts[.sleep] == 0)
            #expect(counts[.bloodTests] == 0)
            #expect(counts[.vitalSigns] == 0)
        },
        .init(name: "reading, updating or deleting an unknown user is notFound") { store in
            let missing = try await store.user(id: 42)
            #expect(missing == nil)
            let deleteError = await expectStoreError { try await store.apply([.deleteUser(id: 42)]) }
            #expect(deleteError == .notFound(.users, id: 42))
            let updateError = await expectStoreError { try await store.apply([.updateUser(id: 42, ContractFixtures.user(1))]) }
            #expect(updateError == .notFound(.users, id: 42))
        },
        .init(name: "metadata is kept by key and overwritten") { store in
            #expect(try await store.metadata("samples") == nil)
            try await store.apply([.setMetadata(key: "samples", value: "a")])
            try await store.apply([.setMetadata(key: "samples", value: "b")])
            #expect(try await store.metadata("samples") == "b")
        },
        .init(name: "metadata is listed by prefix and removed by key") { store in
            try await store.apply([
                .setMetadata(key: "import-job/1", value: "one"), .setMetadata(key: "import-job/2", value: "two"),
                .setMetadata(key: "import-jobs", value: "not a job"), .setMetadata(key: "samples", value: "s"),
            ])
            #expect(try await store.metadata(prefix: "import-job/") == ["import-job/1": "one", "import-job/2": "two"])
            #expect(try await store.metadata(prefix: "import-job%") == [:], "the prefix is text, not a pattern")
            try await store.apply([.removeMetadata(key: "import-job/1"), .removeMetadata(key: "absent")])
            #expect(try await store.metadata(prefix: "import-job/") == ["import-job/2": "two"])
            #expect(try await store.metadata("samples") == "s")
            #expect(try await store.metadata(keys: ["samples", "import-job/2", "import-job/1", "absent"])
                == ["samples": "s", "import-job/2": "two"])
            #expect(try await store.metadata(keys: []) == [:])
            let many = (0..<1_200).map { "key-\($0)" }
            try await store.apply(many.map { .setMetadata(key: $0, value: $0) })
            #expect(try await store.metadata(keys: many + ["absent"]).count == 1_200, "more keys than one statement binds")
        },
        .init(name: "an available store says so") { store in
            try await store.checkAvailability()
        },
    ]
}
