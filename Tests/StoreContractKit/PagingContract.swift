import NativeModel
import Store
import Testing

/// Keyset paging: every row exactly once, also while rows are added during the walk.
enum PagingContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "walking user pages returns every user once, in id order, with their identifiers") { store in
            func identifiers(_ n: Int) -> [ExternalIdentifier] {
                (0..<n % 3).map { ExternalIdentifier(system: "urn:mrn:\($0)", value: "P\(n)") }
            }
            let ids = try await store.apply((0..<25).map { .createUser(ContractFixtures.user($0, identifiers: identifiers($0))) })
                .map(\.id)
            var seen: [StoredUser] = []
            var after: PageKey?
            repeat {
                let page = try await store.users(PageRequest(limit: 10, after: after))
                #expect(page.items.count <= 10)
                seen += page.items
                after = page.next
            } while after != nil
            #expect(seen.map(\.id) == ids)
            #expect(seen.map(\.record) == (0..<25).map { ContractFixtures.user($0, identifiers: identifiers($0)) })
        },
        .init(name: "walking measurement pages while rows are added sees every earlier row once") { store in
            let userID = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let original = try await store.apply((0..<30).map {
                .createMeasurement(ContractFixtures.sleep(dayOffset: $0), owner: .id(userID))
            }).map(\.id)
            var seen: [Int64] = []
            var after: PageKey?
            var added = 0
            repeat {
                let page = try await store.measurements(SleepRecord.self, userID: userID, in: .all,
                                                        page: PageRequest(limit: 7, after: after))
                seen += page.items.map(\.id)
                after = page.next
                // A row earlier than the cursor, one later: the walk must neither repeat nor skip.
                added += 1
                try await store.apply([.createMeasurement(ContractFixtures.sleep(dayOffset: -added), owner: .id(userID))])
            } while after != nil
            #expect(Set(seen).count == seen.count)
            #expect(Set(original).isSubset(of: Set(seen)))
        },
    ]
}
