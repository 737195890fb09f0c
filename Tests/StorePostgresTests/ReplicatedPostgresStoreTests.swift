import NativeModel
import Store
import StoreContractKit
@testable import StorePostgres
import StoreTestSupport
import Synchronization
import Testing

/// Where a primary with read replicas reads: long reads on a replica within the lag bound, everything
/// else on the primary, and the primary again when the replica is too far behind, not a replica, or
/// fails. The "replica" here is a second schema holding different rows, so every answer shows which
/// database gave it; the lag is what the test says it is (the real measure, against a streaming
/// replica, runs in scripts/scale-out).
@Suite struct ReplicatedPostgresStoreTests {
    /// A primary with one user and a "replica" with three, routed with `lag` as the replica's lag.
    static func withStores(lag: @escaping @Sendable () throws -> Double?, maximumLag: Double = 5,
                           _ body: @Sendable (ReplicatedPostgresStore, PostgresStore) async throws -> Void) async throws {
        try await PostgresTestCluster.withStore { primary in
            try await PostgresTestCluster.withStore { replica in
                try await primary.apply([.createUser(ContractFixtures.user(1))])
                try await replica.apply((1...3).map { .createUser(ContractFixtures.user($0)) })
                let set = PostgresReplicaSet(primary: primary, replicas: [replica], maximumLagSeconds: maximumLag,
                                             checkInterval: .zero, logger: PostgresTestCluster.quietLogger) { _, _ in try lag() }
                try await body(ReplicatedPostgresStore(primary: primary, replicaSet: set), replica)
            }
        }
    }

    static func userCount(_ store: any HealthStore) async throws -> Int? {
        try await store.rowCounts()[.users]
    }

    @Test func longReadsGoToAFreshReplicaAndEverythingElseToThePrimary() async throws {
        try await Self.withStores(lag: { 0.5 }) { store, _ async throws in
            #expect(try await Self.userCount(store.longReads) == 3, "a long read: the replica")
            let page = try await store.longReads.searchUsers(UserSearch(conditions: []), page: SearchPageRequest(limit: 10))
            #expect(page.hits.count == 3)
            #expect(try await Self.userCount(store) == 1, "a read that is not long: the primary")
            let created = try #require(try await store.longReads.apply([.createUser(ContractFixtures.user(2))]).first)
            #expect(try await store.user(id: created.id) != nil, "a write, even through longReads, goes to the primary")
            #expect(try await Self.userCount(store) == 2)
            #expect(try await Self.userCount(store.longReads) == 3)
        }
    }

    @Test func aReplicaPastTheLagBoundOrNotAReplicaTakesNoReads() async throws {
        try await Self.withStores(lag: { 6 }, maximumLag: 5) { store, _ async throws in
            #expect(try await Self.userCount(store.longReads) == 1, "6 s behind a 5 s bound: the primary")
        }
        try await Self.withStores(lag: { .infinity }) { store, _ async throws in
            #expect(try await Self.userCount(store.longReads) == 1, "behind with nothing replayed yet: the primary")
        }
        try await Self.withStores(lag: { nil }) { store, _ async throws in
            #expect(try await Self.userCount(store.longReads) == 1, "a database not in recovery: the primary")
        }
        try await Self.withStores(lag: { throw StoreError.unavailable("replica down") }) { store, _ async throws in
            #expect(try await Self.userCount(store.longReads) == 1, "a lag that cannot be measured: the primary")
        }
    }

    @Test func theBoundIsCheckedAgainAsTheLagChanges() async throws {
        let lag = Mutex(0.0)
        try await Self.withStores(lag: { lag.withLock { $0 } }) { store, _ async throws in
            #expect(try await Self.userCount(store.longReads) == 3)
            lag.withLock { $0 = 30 }
            #expect(try await Self.userCount(store.longReads) == 1, "the replica fell behind")
            lag.withLock { $0 = 0 }
            #expect(try await Self.userCount(store.longReads) == 3, "and caught up")
        }
    }

    @Test func aLongReadTheReplicaFailsIsAnsweredByThePrimary() async throws {
        try await Self.withStores(lag: { 0 }) { store, replica async throws in
            try await replica.execute(unsafeSQL: "DROP TABLE user_identifiers CASCADE")
            let user = try await store.longReads.user(id: 1)
            #expect(user?.record == ContractFixtures.user(1), "the primary's user, read after the replica failed")
        }
    }

    @Test func theLagOfADatabaseThatIsNotAReplicaIsNil() async throws {
        let lag = try await PostgresTestCluster.withStore { primary in
            try await PostgresReplicaSet.measureLag(of: primary, behind: primary)
        }
        #expect(lag == nil)
    }
}

/// `exclusively`: work under one key runs in one session at a time, across every pool on the database.
@Suite struct PostgresExclusiveWorkTests {
    @Test func workUnderAKeyHeldElsewhereIsRefusedAndRunsOnceItIsFreed() async throws {
        try await PostgresTestCluster.withStore { store async throws in
            let (entered, enter) = AsyncStream.makeStream(of: Void.self)
            let (released, release) = AsyncStream.makeStream(of: Void.self)
            async let holder: Int? = store.exclusively("statistics/w") {
                enter.yield()
                for await _ in released { break }
                return 1
            }
            for await _ in entered { break }
            #expect(try await store.exclusively("statistics/w") { 2 } == nil, "held by the other session")
            #expect(try await store.exclusively("statistics/other") { 3 } == 3, "another key is free")
            release.yield()
            #expect(try await holder == 1)
            #expect(try await store.exclusively("statistics/w") { 4 } == 4, "freed when the holder's work ended")
            await #expect(throws: StoreError.self) {
                _ = try await store.exclusively("statistics/w") { () async throws -> Int in throw StoreError.fault("work failed") }
            }
            #expect(try await store.exclusively("statistics/w") { 5 } == 5, "freed when the work failed")
        }
    }
}
