public import NativeModel
public import Store

/// One person of a population with all their measurements: a line of a native population NDJSON
/// file (`Samples/population.ndjson`), in the JSON form of the native API.
public struct PopulationMember: Sendable, Equatable, Codable {
    public var user: UserRecord
    public var activities: [ActivityRecord]
    public var sleep: [SleepRecord]
    public var bloodTests: [BloodTestRecord]
    public var vitals: [VitalSignRecord]

    public init(user: UserRecord, activities: [ActivityRecord] = [], sleep: [SleepRecord] = [],
                bloodTests: [BloodTestRecord] = [], vitals: [VitalSignRecord] = []) {
        self.user = user
        self.activities = activities
        self.sleep = sleep
        self.bloodTests = bloodTests
        self.vitals = vitals
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case user, activities, sleep, bloodTests = "blood_tests", vitals
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        user = try container.required(UserRecord.self, forKey: .user)
        activities = try container.decodeIfPresent([ActivityRecord].self, forKey: .activities) ?? []
        sleep = try container.decodeIfPresent([SleepRecord].self, forKey: .sleep) ?? []
        bloodTests = try container.decodeIfPresent([BloodTestRecord].self, forKey: .bloodTests) ?? []
        vitals = try container.decodeIfPresent([VitalSignRecord].self, forKey: .vitals) ?? []
    }

    /// The number of measurement rows.
    public var measurementCount: Int { activities.count + sleep.count + bloodTests.count + vitals.count }

    /// The user and their measurements as write operations, for a batch in which the user's
    /// operation stands at `userIndex`.
    public func writeOperations(userIndex: Int) -> [WriteOperation] {
        let owner = UserRef.createdBy(operation: userIndex)
        var operations: [WriteOperation] = [.createUser(user)]
        operations.reserveCapacity(1 + measurementCount)
        operations += activities.map { .createMeasurement($0, owner: owner) }
        operations += sleep.map { .createMeasurement($0, owner: owner) }
        operations += bloodTests.map { .createMeasurement($0, owner: owner) }
        operations += vitals.map { .createMeasurement($0, owner: owner) }
        return operations
    }
}
