import NativeModel
import Store
import Testing

/// Series reads: the value column of each series, its time and local day, user slices, ranges, order
/// and limits.
enum SeriesContract {
    static let checks: [StoreContract.Check] = [
        .init(name: "each series reads its own column, with row, time, offset and source") { store in
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1)),
                .createMeasurement(ContractFixtures.activity(dayOffset: 0, steps: 9000), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.sleep(dayOffset: 1, minutes: 480), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.glucose(dayOffset: 0, value: 95), owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.bloodPressure(dayOffset: 0, systolic: 130, diastolic: 85),
                                   owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.heartRate(dayOffset: 0, value: 58), owner: .createdBy(operation: 0)),
            ])
            let user = outcomes[0].id
            func values(_ series: MeasurementSeries) async throws -> [Double] {
                try await store.series(SeriesQuery(series, users: .one(user))).map(\.value)
            }
            #expect(try await values(.steps) == [9000])
            #expect(try await values(.distance) == [6750])
            #expect(try await values(.sleepMinutes) == [480])
            #expect(try await values(.bloodTest(.glucose)) == [95])
            #expect(try await values(.bloodTest(.hba1c)) == [])
            #expect(try await values(.systolic) == [130])
            #expect(try await values(.diastolic) == [85])
            #expect(try await values(.vitalSign(.heartRate)) == [58])
            #expect(try await values(.vitalSign(.bloodPressure)) == [])

            let steps = try #require(try await store.series(SeriesQuery(.steps, users: .one(user))).first)
            #expect(steps.rowID == outcomes[1].id && steps.userID == user && steps.source == "app")
            #expect(steps.utcOffsetMinutes == 60)
            #expect(steps.time == ContractFixtures.activity(dayOffset: 0).span.start.instant)
            #expect(steps.localDay == ContractFixtures.day.millisecondsSince1970 / 86_400_000)
            // A sleep is a point at the last instant of its window: the morning the night belongs to.
            let sleep = try #require(try await store.series(SeriesQuery(.sleepMinutes, users: .one(user))).first)
            #expect(sleep.time == ContractFixtures.sleep(dayOffset: 1, minutes: 480).span.end.adding(milliseconds: -1))
        },
        .init(name: "a sleep's series value is its time asleep, not its window, when it has one") { store in
            var night = ContractFixtures.sleep(dayOffset: 1, minutes: 480)
            night.asleepMinutes = 431.5
            let outcomes = try await store.apply([
                .createUser(ContractFixtures.user(1)),
                .createMeasurement(night, owner: .createdBy(operation: 0)),
                .createMeasurement(ContractFixtures.sleep(dayOffset: 2, minutes: 470), owner: .createdBy(operation: 0)),
            ])
            let points = try await store.series(SeriesQuery(.sleepMinutes, users: .one(outcomes[0].id)))
            #expect(points.map(\.value) == [431.5, 470])
            #expect(try await store.measurement(SleepRecord.self, id: outcomes[1].id)?.record == night)
            // A daily total, its window a whole day: a point of that day, not of the next.
            let midnight = Instant(millisecondsSince1970: 1_794_700_800_000)  // 2026-11-14T00:00:00Z
            let total = SleepRecord(span: TimeSpan(start: OffsetDateTime(midnight, utcOffsetMinutes: 0),
                                                   end: midnight.adding(minutes: 1440)), asleepMinutes: 452)
            let owner = outcomes[0].id
            try await store.apply([.createMeasurement(total, owner: .id(owner))])
            let day = try await store.series(SeriesQuery(.sleepMinutes, users: .one(owner))).first { $0.value == 452 }
            #expect(day?.localDay == midnight.millisecondsSince1970 / 86_400_000)
        },
        .init(name: "a series query honours users, range, order and limit") { store in
            var operations: [WriteOperation] = [.createUser(ContractFixtures.user(1)), .createUser(ContractFixtures.user(2))]
            for day in 0..<5 {
                operations.append(.createMeasurement(ContractFixtures.heartRate(dayOffset: day, value: Double(60 + day)),
                                                     owner: .createdBy(operation: 0)))
                operations.append(.createMeasurement(ContractFixtures.heartRate(dayOffset: day, value: Double(70 + day)),
                                                     owner: .createdBy(operation: 1)))
            }
            let outcomes = try await store.apply(operations)
            let (first, second) = (outcomes[0].id, outcomes[1].id)
            #expect(try await store.userIDRange() == min(first, second)...max(first, second))
            let range = TimeRange(from: ContractFixtures.day.adding(minutes: 1440), to: ContractFixtures.day.adding(minutes: 4 * 1440))
            let middle = try await store.series(SeriesQuery(.vitalSign(.heartRate), users: .one(first), in: range))
            #expect(middle.map(\.value) == [61, 62, 63])
            let newest = try await store.series(SeriesQuery(.vitalSign(.heartRate), users: .one(second), newestFirst: true,
                                                            limit: 2))
            #expect(newest.map(\.value) == [74, 73])
            let everyone = try await store.series(SeriesQuery(.vitalSign(.heartRate), users: .ids(first...second)))
            #expect(everyone.count == 10)
            #expect(Set(everyone.map(\.userID)) == [first, second])
            let batch = try await store.series([SeriesQuery(.vitalSign(.heartRate), users: .one(first), in: range),
                                                SeriesQuery(.steps, users: .one(first)),
                                                SeriesQuery(.vitalSign(.heartRate), users: .one(second), limit: 1)])
            #expect(batch.map { $0.map(\.value) } == [[61, 62, 63], [], [70]])
            let nobody = try await store.series(SeriesQuery(.vitalSign(.heartRate), users: .ids((second + 1)...(second + 9))))
            #expect(nobody.isEmpty)
        },
        .init(name: "the user id range of an empty store is nil") { store in
            let range = try await store.userIDRange()
            #expect(range == nil)
        },
    ]
}
