/// What the gateway measures: one per kind of value its native tables hold.
public enum Measure: String, Sendable, Hashable, CaseIterable {
    case steps
    case walkingDistance = "walking-distance"
    case activeEnergy = "active-energy"
    case exerciseDuration = "exercise-duration"
    case sleepDuration = "sleep-duration"
    case glucose
    case hba1c
    case totalCholesterol = "total-cholesterol"
    case hdlCholesterol = "hdl-cholesterol"
    case ldlCholesterol = "ldl-cholesterol"
    case triglycerides
    case bodyWeight = "body-weight"
    case bodyHeight = "body-height"
    case bmi
    case heartRate = "heart-rate"
    case bloodPressure = "blood-pressure"
    /// A component of `bloodPressure`.
    case systolicBloodPressure = "systolic-blood-pressure"
    /// A component of `bloodPressure`.
    case diastolicBloodPressure = "diastolic-blood-pressure"
}
