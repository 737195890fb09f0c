import NativeModel
import Store
import Testing

/// `HealthStore.snapshot`: a read-only view of one moment of the database, and that moment splitting
/// the writes exactly, so that an export and the next one with `_since` neither miss nor repeat a write.
enum SnapshotContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "a snapshot sees its moment, whatever is written while it is open; writes after it are recorded later") { store in
            let created = try await store.apply([.createUser(ContractFixtures.user(1))])
            let first = try #require(created.first).id
            let glucose = try #require(try await store.apply([
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0), owner: .id(first)),
            ]).first)
            try await store.snapshot { view, moment in
                #expect(try #require(created.first).meta.updatedAt <= moment)
                #expect(glucose.meta.updatedAt <= moment)
                var renamed = ContractFixtures.user(1)
                renamed.givenName = "Renamed"
                let later = try await store.apply([
                    .createUser(ContractFixtures.user(2)),
                    .updateUser(id: first, renamed),
                    .deleteMeasurement(.bloodTests, id: glucose.id),
                ])
                #expect(later.allSatisfy { moment < $0.meta.updatedAt }, "recorded after the moment: \(later.map(\.meta.updatedAt))")
                let second = try #require(later.first).id
                #expect(try await view.user(id: second) == nil, "a user created after the moment")
                #expect(try await view.user(id: first)?.record.givenName == ContractFixtures.user(1).givenName)
                #expect(try await view.user(id: first)?.meta.version == 1)
                #expect(try await view.measurement(BloodTestRecord.self, id: glucose.id) != nil, "deleted after the moment")
                let users = try await view.searchUsers(UserSearch(), page: SearchPageRequest(limit: 10, countTotal: true))
                #expect(users.hits.map(\.item.id) == [first] && users.total == 1)
                let rows = try await view.searchMeasurements(
                    MeasurementSearch(arms: [MeasurementArm(table: .bloodTests, tag: 0, conditions: [])]),
                    page: SearchPageRequest(limit: 10))
                #expect(rows.hits.count == 1)
                _ = await expectStoreError { try await view.apply([.createUser(ContractFixtures.user(3))]) }
                // The store itself sees everything.
                #expect(try await store.user(id: second) != nil)
                #expect(try await store.measurement(BloodTestRecord.self, id: glucose.id) == nil)
            }
        },
        .init(name: "two snapshots in turn: the second one's moment is later and sees what the first did not") { store in
            let first = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let earlier = try await store.snapshot { _, moment in moment }
            let second = try #require(try await store.apply([.createUser(ContractFixtures.user(2))]).first)
            #expect(earlier < second.meta.updatedAt)
            try await store.snapshot { view, moment in
                #expect(earlier < moment && second.meta.updatedAt <= moment)
                let both = (try await view.user(id: first), try await view.user(id: second.id))
                #expect(both.0 != nil && both.1 != nil)
            }
        },
    ]
}
