import Foundation
import NativeModel
import Store
import Testing

/// Versions: every update and delete keeps what it replaced, in the same transaction.
enum HistoryContract {
    static func versions(_ store: any HealthStore, _ table: NativeTable, _ id: Int64) async throws -> [RowVersion] {
        try await store.history(of: table, id: id, page: PageRequest(limit: 1000)).items
    }

    static let checks: [StoreContract.Check] = [
        .init(name: "a created row has one version and nothing kept") { store in
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1)),
                .createMeasurement(ContractFixtures.sleep(dayOffset: 0), owner: .createdBy(operation: 0)),
            ])
            let user = try await versions(store, .users, outcomes[0].id)
            #expect(user.map(\.version) == [1])
            #expect(user.first?.change == .created)
            #expect(try user.first?.record(UserRecord.self) == ContractFixtures.user(1))
            let sleep = try await versions(store, .sleep, outcomes[1].id)
            #expect(sleep.map(\.change) == [.created])
            #expect(sleep.first?.userID == outcomes[0].id)
        },
        .init(name: "an update keeps the version it replaced") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            try await store.apply([.updateUser(id: id, ContractFixtures.user(2))])
            try await store.apply([.updateUser(id: id, ContractFixtures.user(3))])
            let history = try await versions(store, .users, id)
            #expect(history.map(\.version) == [3, 2, 1])
            #expect(history.map(\.change) == [.updated, .updated, .created])
            #expect(try history.map { try $0.record(UserRecord.self) } == [3, 2, 1].map { ContractFixtures.user($0) })
            #expect(history[0].meta.updatedAt >= history[1].meta.updatedAt)
            #expect(Set(history.map(\.meta.createdAt)).count == 1)
        },
        .init(name: "a delete keeps the deleted version and the deletion, also of cascaded rows") { store in
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1, identifiers: [ExternalIdentifier(system: "urn:mrn", value: "H1")])),
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0), owner: .createdBy(operation: 0)),
            ])
            let (userID, testID) = (outcomes[0].id, outcomes[1].id)
            try await store.apply([.updateMeasurement(id: testID, ContractFixtures.glucose(dayOffset: 0, value: 99), owner: .id(userID))])
            let deletion = try #require(try await store.apply([.deleteUser(id: userID)]).first)
            let user = try await versions(store, .users, userID)
            #expect(user.map(\.version) == [2, 1])
            #expect(user.map(\.change) == [.deleted, .created])
            #expect(user[0].content == nil)
            #expect(user[0].meta == deletion.meta)
            #expect(try user[1].record(UserRecord.self)?.identifiers.map(\.value) == ["H1"])
            let test = try await versions(store, .bloodTests, testID)
            #expect(test.map(\.version) == [3, 2, 1])
            #expect(test.map(\.change) == [.deleted, .updated, .created])
            #expect(try test[1].record(BloodTestRecord.self)?.value == 99)
            #expect(try test[2].record(BloodTestRecord.self)?.value == 92)
        },
        .init(name: "a rolled-back batch leaves no versions") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            _ = await expectStoreError {
                try await store.apply([.updateUser(id: id, ContractFixtures.user(2)), .deleteUser(id: id + 1000)])
            }
            let history = try await versions(store, .users, id)
            #expect(history.map(\.version) == [1])
        },
        .init(name: "history pages by version, newest first, each version once") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(0))]).first).id
            for n in 1...11 { try await store.apply([.updateUser(id: id, ContractFixtures.user(n))]) }
            var seen: [Int] = []
            var after: PageKey?
            repeat {
                let page = try await store.history(of: .users, id: id, page: PageRequest(limit: 5, after: after))
                seen += page.items.map(\.version)
                after = page.next
            } while after != nil
            #expect(seen == Array((1...12).reversed()))
        },
        .init(name: "pruning forgets kept versions recorded before a time, never current rows") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            try await store.apply([.updateUser(id: id, ContractFixtures.user(2))])
            #expect(try await store.pruneHistory(recordedBefore: ContractFixtures.day) == 0)
            #expect(try await store.pruneHistory(recordedBefore: Instant.now().adding(minutes: 1440)) == 1)
            let history = try await versions(store, .users, id)
            #expect(history.map(\.version) == [2])
            #expect(try await store.user(id: id)?.record == ContractFixtures.user(2))
        },
        .init(name: "a deleted row's id is never given to another row") { store in
            let ids = try await store.apply([.createUser(ContractFixtures.user(1)), .createUser(ContractFixtures.user(2))])
                .map(\.id)
            try await store.apply([.deleteUser(id: ids[1])])
            let next = try #require(try await store.apply([.createUser(ContractFixtures.user(3))]).first).id
            #expect(next > ids[1])
        },
    ]
}
