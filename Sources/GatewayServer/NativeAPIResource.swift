import NativeModel

/// How a measurement table appears in the native API: `/api/v1/users/{id}/<pathSegment>`.
protocol NativeAPIResource: MeasurementRecord {
    static var pathSegment: String { get }
    static var noun: String { get }
}

extension ActivityRecord: NativeAPIResource {
    static let pathSegment = "activities"
    static let noun = "activity"
}

extension SleepRecord: NativeAPIResource {
    static let pathSegment = "sleep"
    static let noun = "sleep session"
}

extension BloodTestRecord: NativeAPIResource {
    static let pathSegment = "blood-tests"
    static let noun = "blood test"
}

extension VitalSignRecord: NativeAPIResource {
    static let pathSegment = "vitals"
    static let noun = "vital sign"
}
