import NativeModel
import Store
import Testing

/// Measurements of every table: round trips, ownership, versions, ranges and rule checks.
enum MeasurementContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "many measurements read at once each come back as written, from their own table") { store in
            let records = (0..<30).map { ContractFixtures.glucose(dayOffset: $0, value: 80 + Double($0)) }
            let outcomes = try await store.apply([.createUser(ContractFixtures.user(1))]
                + records.map { .createMeasurement($0, owner: .createdBy(operation: 0)) })
            let heartRate = try #require(try await store.apply([.createMeasurement(ContractFixtures.heartRate(dayOffset: 0), owner: .id(outcomes[0].id))]).first)
            let expected = Dictionary(uniqueKeysWithValues: zip(outcomes.dropFirst().map(\.id), records))
            let asked = Array(expected.keys) + [heartRate.id, 999_999]
            let read = try await withThrowingTaskGroup(of: (Int64, BloodTestRecord?).self) { group in
                for id in asked { group.addTask { (id, try await store.measurement(BloodTestRecord.self, id: id)?.record) } }
                return try await group.reduce(into: [(Int64, BloodTestRecord?)]()) { $0.append($1) }
            }
            #expect(read.count == asked.count)
            for (id, record) in read {
                #expect(record == expected[id], "blood test \(id)")
            }
        },
        .init(name: "a measurement of each table reads back as written") { store in
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1)),
                .createMeasurement(ContractFixtures.activity(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.sleep(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.bloodPressure(dayOffset: 0), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 0), owner: .createdBy(operation: 0)),
            ])
            let userID = outcomes[0].id
            #expect(outcomes.dropFirst().allSatisfy { $0.userID == userID && $0.meta.version == 1 })
            #expect(try await store.measurement(ActivityRecord.self, id: outcomes[1].id)?.record == ContractFixtures.activity(dayOffset: 0))
            #expect(try await store.measurement(SleepRecord.self, id: outcomes[2].id)?.record == ContractFixtures.sleep(dayOffset: 0))
            #expect(try await store.measurement(BloodTestRecord.self, id: outcomes[3].id)?.record == ContractFixtures.glucose(dayOffset: 0))
            #expect(try await store.measurement(VitalSignRecord.self, id: outcomes[4].id)?.record == ContractFixtures.bloodPressure(dayOffset: 0))
            let heartRate = try #require(try await store.measurement(VitalSignRecord.self, id: outcomes[5].id))
            #expect(heartRate.record == ContractFixtures.heartRate(dayOffset: 0))
            #expect(heartRate.userID == userID)
        },
        .init(name: "a measurement for an unknown user is notFound") { store in
            let error = await expectStoreError { try await store.apply([.createMeasurement(ContractFixtures.activity(dayOffset: 0), owner: .id(99))]) }
            #expect(error == .notFound(.users, id: 99))
        },
        .init(name: "a measurement is updated and deleted only through its owner") { store in
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1)), .createUser(ContractFixtures.user(2)),
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0), owner: .createdBy(operation: 0)),
            ])
            let (owner, stranger, id) = (outcomes[0].id, outcomes[1].id, outcomes[2].id)
            let changed = ContractFixtures.glucose(dayOffset: 0, value: 101)
            let updateError = await expectStoreError { try await store.apply([.updateMeasurement(id: id, changed, owner: .id(stranger))]) }
            #expect(updateError == .notFound(.bloodTests, id: id))
            let deleteError = await expectStoreError { try await store.apply([.deleteMeasurement(.bloodTests, id: id, owner: .id(stranger))]) }
            #expect(deleteError == .notFound(.bloodTests, id: id))
            let updated = try #require(try await store.apply([.updateMeasurement(id: id, changed, owner: .id(owner), expectedVersion: 1)]).first)
            #expect(updated.meta.version == 2)
            #expect(try await store.measurement(BloodTestRecord.self, id: id)?.record.value == 101)
            try await store.apply([.deleteMeasurement(.bloodTests, id: id, owner: .id(owner))])
            #expect(try await store.measurement(BloodTestRecord.self, id: id) == nil)
        },
        .init(name: "a record that breaks a domain rule is refused before anything is written") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            let impossible = ContractFixtures.glucose(dayOffset: 0, value: 10_000)
            let error = await expectStoreError { try await store.apply([.createMeasurement(impossible, owner: .id(id))]) }
            guard case .invalid(operation: 0, let validation) = error else {
                Issue.record("expected invalid, got \(String(describing: error))")
                return
            }
            #expect(validation.issues.map(\.field) == ["value"])
            #expect(try await store.rowCounts()[.bloodTests] == 0)
        },
        .init(name: "source and external_id are unique per owner and table") { store in
            let ids = try await store.apply([.createUser(ContractFixtures.user(1)), .createUser(ContractFixtures.user(2))]).map(\.id)
            try await store.apply([.createMeasurement(ContractFixtures.activity(dayOffset: 0, externalID: "ext-1"), owner: .id(ids[0]))])
            let error = await expectStoreError {
                try await store.apply([.createMeasurement(ContractFixtures.activity(dayOffset: 1, externalID: "ext-1"), owner: .id(ids[0]))])
            }
            guard case .conflict(.physicalActivity, field: "external_id", _) = error else {
                Issue.record("expected an external_id conflict, got \(String(describing: error))")
                return
            }
            // Another owner's record with the same key is another measurement.
            try await store.apply([.createMeasurement(ContractFixtures.activity(dayOffset: 1, externalID: "ext-1"), owner: .id(ids[1]))])
            #expect(try await store.rowCounts()[.physicalActivity] == 2)
        },
        .init(name: "a time range selects [from, to) in time order") { store in
            let id = try #require(try await store.apply([.createUser(ContractFixtures.user(1))]).first).id
            try await store.apply((0..<10).reversed().map { .createMeasurement(ContractFixtures.heartRate(dayOffset: $0, value: Double(50 + $0)), owner: .id(id)) })
            let from = ContractFixtures.day.adding(minutes: 2 * 1440)
            let to = ContractFixtures.day.adding(minutes: 5 * 1440)
            let page = try await store.measurements(VitalSignRecord.self, userID: id, in: TimeRange(from: from, to: to),
                                                    page: PageRequest(limit: 100))
            #expect(page.items.map(\.record.value) == [52, 53, 54])
            #expect(page.next == nil)
        },
    ]
}
