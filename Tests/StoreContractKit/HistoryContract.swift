import Foundation
import NativeModel
import Store
import Testing

/// Versions: every update and delete keeps what it replaced, in the same transaction.
enum HistoryContract {
    static func versions(_ store: any HealthStore, _ table: NativeTable, _ id: Int64) async throws -> [RowVersion] {
        try await store.history(of: table, id: id, page: PageRequest(limit: 1000)).items
    }

    /// Lets the clock move on, so versions written next have a later time than those before.
    static func tick() async throws { try await Task.sleep(for: .milliseconds(3)) }

    static func all(_ store: any HealthStore, _ query: ChangeQuery) async throws -> [RowVersion] {
        var query = query
        var items: [RowVersion] = []
        while true {
            let page = try await store.changes(query)
            items += page.items
            guard let next = page.next else { return items }
            query.after = next
        }
    }

    static let checks: [StoreContract.Check] = changeChecks + [
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
            let update = try #require(try await store.apply([.updateUser(id: id, ContractFixtures.user(2))]).first)
            #expect(try await store.pruneHistory(recordedBefore: ContractFixtures.day) == 0)
            // After the store's own time of the update, whatever the date: the replaced version goes.
            #expect(try await store.pruneHistory(recordedBefore: update.meta.updatedAt.adding(minutes: 1440)) == 1)
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
        .init(name: "a deleted user's id cannot be chosen again, also once history forgot the deletion") { store in
            try await store.apply([.createUserWithID(id: 777, ContractFixtures.user(1))])
            let deletion = try #require(try await store.apply([.deleteUser(id: 777)]).first)
            // After the deletion by the store's own clock, whatever day the test runs.
            #expect(try await store.pruneHistory(recordedBefore: deletion.meta.updatedAt.adding(minutes: 1)) > 0)
            #expect(try await store.history(of: .users, id: 777, page: PageRequest(limit: 10)).items.isEmpty)
            await #expect(throws: StoreError.self) {
                try await store.apply([.createUserWithID(id: 777, ContractFixtures.user(2))])
            }
            #expect(try await store.user(id: 777) == nil)
            try await store.apply([.createUserWithID(id: 778, ContractFixtures.user(3))])
        },
    ]

    static let changeChecks: [StoreContract.Check] = [
        .init(name: "changes lists versions newest first with deletions, and since keeps the later ones") { store in
            let created = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first)
            let userID = created.id
            // Just after the creation, by the store's own clock: the writes below come at least a tick later.
            let mark = created.meta.updatedAt.adding(milliseconds: 1)
            try await tick()
            try await store.apply([.updateUser(id: userID, ContractFixtures.user(2))])
            try await tick()
            let sleepID = try #require(try await store.apply([
                .createMeasurement(ContractFixtures.sleep(dayOffset: 0), owner: .id(userID)),
            ]).first).id
            try await tick()
            try await store.apply([.deleteMeasurement(.sleep, id: sleepID)])
            let everything = try await all(store, ChangeQuery(tables: [.users, .sleep], limit: 100))
            #expect(everything.map { "\($0.table.rawValue) \($0.version) \($0.change.rawValue)" }
                == ["sleep 2 deleted", "sleep 1 created", "users 2 updated", "users 1 created"])
            #expect(try everything[1].record(SleepRecord.self) == ContractFixtures.sleep(dayOffset: 0))
            #expect(try everything[2].record(UserRecord.self) == ContractFixtures.user(2), "the current version's content")
            #expect(everything[0].userID == userID)
            let since = try await all(store, ChangeQuery(tables: [.users, .sleep], since: mark, limit: 100))
            #expect(since.map(\.version) == [2, 1, 2])
            #expect(try await all(store, ChangeQuery(tables: [.users], limit: 100)).count == 2)
        },
        .init(name: "changes pages through a long history once each") { store in
            let userID = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            for n in 2...26 { try await store.apply([.updateUser(id: userID, ContractFixtures.user(n))]) }
            let versions = try await all(store, ChangeQuery(tables: NativeTable.allCases.filter { $0.recordType != nil }, limit: 7))
            #expect(versions.map(\.version) == Array((1...26).reversed()))
        },
        .init(name: "changes at an instant gives each row's version current then, never a deletion") { store in
            let created = try await store.apply([.createUser(ContractFixtures.user(1)), .createUser(ContractFixtures.user(2))])
            let ids = created.map(\.id)
            let mark = try #require(created.last).meta.updatedAt.adding(milliseconds: 1)
            try await tick()
            let changed = try await store.apply([.updateUser(id: ids[0], ContractFixtures.user(3)), .deleteUser(id: ids[1])])
            let then = try await all(store, ChangeQuery(tables: [.users], at: mark, limit: 100))
            #expect(then.map(\.version) == [1, 1])
            #expect(try then.compactMap { try $0.record(UserRecord.self) }.contains(ContractFixtures.user(1)))
            let now = try await all(store, ChangeQuery(tables: [.users], at: try #require(changed.first).meta.updatedAt.adding(milliseconds: 1000), limit: 100))
            #expect(now.map(\.id) == [ids[0]], "the deleted user is not current")
            #expect(now.first?.version == 2)
        },
        .init(name: "a rolled-back batch leaves no change") { store in
            let userID = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let before = try await all(store, ChangeQuery(tables: [.users, .sleep], limit: 100)).count
            _ = await expectStoreError {
                try await store.apply([.updateUser(id: userID, ContractFixtures.user(2)),
                                       .createMeasurement(ContractFixtures.sleep(dayOffset: 0), owner: .id(999_999))])
            }
            #expect(try await all(store, ChangeQuery(tables: [.users, .sleep], limit: 100)).count == before)
        },
    ]
}
