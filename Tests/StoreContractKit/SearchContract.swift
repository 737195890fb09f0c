import NativeModel
import Store
import Testing

/// Search: conditions on users and measurement rows, name keys folded for case and accents, sort
/// orders with tie-breakers, keyset pages forward and backward that stay exact while rows are added.
enum SearchContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "name keys match the start of a name or of a word in it, ignoring case and accents") { store in
            var muller = ContractFixtures.user(1)
            (muller.givenName, muller.familyName) = ("Anne-Marie", "Müller")
            var berg = ContractFixtures.user(2)
            (berg.givenName, berg.familyName) = ("José", "van den Berg")
            try await store.apply([.createUser(muller), .createUser(berg)])
            func families(_ condition: RowCondition) async throws -> [String?] {
                try await store.searchUsers(UserSearch(conditions: [condition]), page: SearchPageRequest(limit: 10))
                    .hits.map(\.item.record.familyName)
            }
            #expect(try await families(.nameStarts(with: "mul", part: nil)) == ["Müller"])
            #expect(try await families(.nameStarts(with: "marie", part: .given)) == ["Müller"])
            #expect(try await families(.nameStarts(with: "marie", part: .family)) == [])
            #expect(try await families(.nameStarts(with: "ber", part: .family)) == ["van den Berg"])
            #expect(try await families(.nameStarts(with: "van d", part: .family)) == ["van den Berg"])
            #expect(try await families(.nameStarts(with: "jose", part: nil)) == ["van den Berg"])
            #expect(try await families(.nameContains("ller", part: nil)) == ["Müller"])
            #expect(try await families(.nameIs("Müller", part: .family)) == ["Müller"])
            #expect(try await families(.nameIs("muller", part: .family)) == [])
        },
        .init(name: "name keys follow updates, and identifiers match with or without a system") { store in
            let id = try #require(try await store.apply([
                .createUser(ContractFixtures.user(1, identifiers: [ExternalIdentifier(system: "urn:mrn", value: "M1")])),
            ]).first).id
            var renamed = ContractFixtures.user(1, identifiers: [ExternalIdentifier(system: "urn:mrn", value: "M1")])
            renamed.familyName = "Østergaard"
            try await store.apply([.updateUser(id: id, renamed)])
            func ids(_ condition: RowCondition) async throws -> [Int64] {
                try await store.searchUsers(UserSearch(conditions: [condition]), page: SearchPageRequest(limit: 10)).hits.map(\.item.id)
            }
            #expect(try await ids(.nameStarts(with: "family", part: .family)) == [])
            #expect(try await ids(.nameStarts(with: "ostergaard", part: .family)) == [id])
            #expect(try await ids(.identifier(system: "urn:mrn", value: "M1")) == [id])
            #expect(try await ids(.identifier(system: nil, value: "M1")) == [id])
            #expect(try await ids(.identifier(system: "urn:other", value: "M1")) == [])
        },
        .init(name: "user pages walk every match once in the sort order, forward and backward") { store in
            var operations: [WriteOperation] = []
            for n in 1...23 {
                var user = ContractFixtures.user(n)
                user.familyName = ["Zeta", "Alpha", "Mu"][n % 3]
                user.birthDate = PartialDate(year: 1950 + n % 5)
                operations.append(.createUser(user))
            }
            try await store.apply(operations)
            let search = UserSearch(sort: [SearchSortKey(.familyName), SearchSortKey(.birthDate, descending: true)])
            var seen: [StoredUser] = []
            var pages: [SearchPage<StoredUser>] = []
            var position: SearchPosition?
            repeat {
                let page = try await store.searchUsers(search, page: SearchPageRequest(limit: 5, position: position, countTotal: true))
                #expect(page.total == 23)
                seen += page.hits.map(\.item)
                pages.append(page)
                position = page.hasMore ? page.hits.last?.position : nil
            } while position != nil
            #expect(seen.count == 23)
            #expect(Set(seen.map(\.id)).count == 23)
            let keys: [String] = seen.map { user in
                // Family ascending, then birth year descending (9999 - year), then id ascending.
                let year = 9999 - (user.record.birthDate?.year ?? 0)
                return "\(user.record.familyName ?? "")/\(year)/" + String(repeating: "0", count: 8 - String(user.id).count) + String(user.id)
            }
            #expect(keys == keys.sorted())
            // Backward from the third page's first row gives the second page.
            let third = try #require(pages[2].hits.first?.position)
            let back = try await store.searchUsers(search, page: SearchPageRequest(limit: 5, position: third, backward: true))
            #expect(back.hits.map(\.item.id) == pages[1].hits.map(\.item.id))
            #expect(back.hasMore)
        },
        .init(name: "a measurement search unions its arms in one order and pages it exactly under inserts") { store in
            let user = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            var operations: [WriteOperation] = []
            for day in 0..<10 {
                operations.append(.createMeasurement(ContractFixtures.glucose(dayOffset: day, value: Double(80 + day)), owner: .id(user)))
                operations.append(.createMeasurement(ContractFixtures.heartRate(dayOffset: day), owner: .id(user)))
                operations.append(.createMeasurement(ContractFixtures.activity(dayOffset: day), owner: .id(user)))
            }
            try await store.apply(operations)
            let arms = [
                MeasurementArm(table: .bloodTests, tag: 1, conditions: [.compare(.content("analyte"), .equal, .text("glucose"))]),
                MeasurementArm(table: .vitalSigns, tag: 2, conditions: [.compare(.content("kind"), .equal, .text("heart_rate"))]),
                MeasurementArm(table: .physicalActivity, tag: 3, conditions: [.not(.isNull(.content("steps")))]),
                MeasurementArm(table: .physicalActivity, tag: 4, conditions: [.not(.isNull(.content("energy_kcal")))]),
            ]
            let search = MeasurementSearch(arms: arms, sort: [SearchSortKey(.startTime, descending: true)])
            var seen: [String] = []
            var times: [Int64] = []
            var position: SearchPosition?
            var inserted = 0
            repeat {
                let page = try await store.searchMeasurements(search, page: SearchPageRequest(limit: 7, position: position))
                for hit in page.hits {
                    switch hit.item.row {
                    case .bloodTest(let row):
                        seen.append("lab-\(row.id)")
                        times.append(row.record.measuredAt.instant.millisecondsSince1970)
                    case .vitalSign(let row):
                        seen.append("vital-\(row.id)")
                        times.append(row.record.measuredAt.instant.millisecondsSince1970)
                    case .activity(let row):
                        seen.append("act-\(row.id)-\(hit.item.tag)")
                        times.append(row.record.span.start.instant.millisecondsSince1970)
                    case .sleep: Issue.record("no arm reads sleep")
                    }
                }
                // Rows added while paging: newer than every page (descending: already passed) and older.
                try await store.apply([
                    .createMeasurement(ContractFixtures.glucose(dayOffset: 50 + inserted), owner: .id(user)),
                    .createMeasurement(ContractFixtures.glucose(dayOffset: -50 - inserted), owner: .id(user)),
                ])
                inserted += 1
                position = page.hasMore ? page.hits.last?.position : nil
            } while position != nil
            #expect(Set(seen).count == seen.count, "no row twice")
            #expect(times == times.sorted(by: >), "newest first")
            let original = seen.filter { !$0.hasPrefix("lab-") || times[seen.firstIndex(of: $0)!] < 1_800_000_000_000 }
            #expect(original.count >= 40, "every original row: 10 glucose, 10 heart rates, 20 activity values")
            let total = try await store.searchMeasurements(search, page: SearchPageRequest(limit: 0, countTotal: true)).total
            #expect(total == 40 + 2 * inserted)
            // Each insert but the last (after the last page) added an older row a later page found.
            #expect(seen.count == 40 + inserted - 1, "the older rows added while paging are found, the newer ones are behind")
        },
        .init(name: "measurement conditions: owner conditions, time ranges, durations, values; users with a measurement") { store in
            let first = try #require(try await store.apply([
                .createUser(ContractFixtures.user(1, identifiers: [ExternalIdentifier(system: "urn:mrn", value: "A")])),
            ]).first).id
            let second = try #require(try await store.apply([.createUser(ContractFixtures.user(2))]).first).id
            try await store.apply([
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0, value: 90), owner: .id(first)),
                .createMeasurement(ContractFixtures.glucose(dayOffset: 1, value: 150), owner: .id(first)),
                .createMeasurement(ContractFixtures.glucose(dayOffset: 1, value: 160), owner: .id(second)),
                .createMeasurement(ContractFixtures.sleep(dayOffset: 0, minutes: 450), owner: .id(first)),
                .createMeasurement(ContractFixtures.sleep(dayOffset: 1, minutes: 500), owner: .id(first)),
            ])
            func count(_ table: NativeTable, _ conditions: [RowCondition]) async throws -> Int {
                try await store.searchMeasurements(MeasurementSearch(arms: [MeasurementArm(table: table, tag: 0, conditions: conditions)]),
                                                   page: SearchPageRequest(limit: 0, countTotal: true)).total ?? -1
            }
            #expect(try await count(.bloodTests, [.owner(.identifier(system: "urn:mrn", value: "A"))]) == 2)
            #expect(try await count(.bloodTests, [.owner(.identifier(system: nil, value: "A"))]) == 2)
            #expect(try await count(.bloodTests, [.owner(.compare(.content("family_name"), .equal, .text("Family2")))]) == 1)
            #expect(try await count(.bloodTests, [.owner(.nameStarts(with: "family", part: .family))]) == 3)
            let hasHighGlucose = RowCondition.hasMeasurement([MeasurementArm(table: .bloodTests, tag: 0,
                                                                             conditions: [.compare(.content("value"), .greater, .real(155))])])
            let found = try await store.searchUsers(UserSearch(conditions: [hasHighGlucose]), page: SearchPageRequest(limit: 10))
            #expect(found.hits.map(\.item.id) == [second], "the user with a glucose above 155")
            let either = RowCondition.hasMeasurement([
                MeasurementArm(table: .bloodTests, tag: 0, conditions: [.compare(.content("value"), .greater, .real(155))]),
                MeasurementArm(table: .sleep, tag: 1, conditions: []),
            ])
            #expect(try await store.searchUsers(UserSearch(conditions: [either]), page: SearchPageRequest(limit: 10)).hits.count == 2)
            #expect(try await store.searchUsers(UserSearch(conditions: [.hasMeasurement([])]), page: SearchPageRequest(limit: 10))
                .hits.isEmpty)
            #expect(try await count(.bloodTests, [.compare(.content("value"), .greater, .real(100))]) == 2)
            #expect(try await count(.bloodTests, [.compare(.userID, .equal, .integer(second))]) == 1)
            let dayOne = ContractFixtures.day.adding(minutes: 1440).millisecondsSince1970
            #expect(try await count(.bloodTests, [.compare(.startTime, .greaterOrEqual, .integer(dayOne))]) == 2)
            #expect(try await count(.sleep, [.compare(.durationMilliseconds, .greater, .real(480 * 60_000))]) == 1)
            #expect(try await count(.sleep, [.compare(.durationMilliseconds, .greaterOrEqual, .real(450 * 60_000))]) == 2)
            #expect(try await count(.sleep, [.compare(.endTime, .less, .integer(dayOne))]) == 1)
            #expect(try await count(.sleep, [.any([])]) == 0)
            #expect(try await count(.sleep, [.not(.any([]))]) == 2)
        },
        .init(name: "adding metadata keeps the value written first") { store in
            try await store.apply([.addMetadata(key: "search-cursor-key", value: "first")])
            try await store.apply([.addMetadata(key: "search-cursor-key", value: "second")])
            #expect(try await store.metadata("search-cursor-key") == "first")
        },
    ]
}
