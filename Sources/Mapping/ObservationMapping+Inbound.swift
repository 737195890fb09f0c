public import FHIRModels
public import NativeModel

extension ObservationMapping {
    /// The native row an incoming Observation becomes. Throws `MappingError` (every problem at once)
    /// when it cannot be stored: a code the gateway does not map (the error lists those it does), a
    /// unit that does not fit the code, no value or time, a status that is not a result, a value the
    /// native rules refuse. What the row cannot hold comes back as warnings.
    ///
    /// - Parameters:
    ///   - serverBase: the server's base URL, to read absolute references to its own Patients.
    ///   - now: the time future measurements are checked against.
    public static func measurement(
        _ observation: consuming Observation, serverBase: String? = nil, now: Instant = .now()
    ) throws -> MappedObservation {
        var inbound = ObservationInbound(observation, serverBase: serverBase, now: now)
        return try inbound.map()
    }
}
