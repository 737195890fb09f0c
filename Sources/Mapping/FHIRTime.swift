public import FHIRModels
public import NativeModel

/// FHIR date and time values (http://hl7.org/fhir/R4/datatypes.html#dateTime) to and from the native
/// tables' instants with their UTC offset.
public enum FHIRTime {
    /// A dateTime of the instant in its recorded offset.
    public static func dateTime(_ time: OffsetDateTime) -> FHIRDateTime { FHIRDateTime(time.description) }

    public static func instant(_ time: Instant) -> FHIRInstant { FHIRInstant(time.description) }

    /// The moment a dateTime names. A value without a time of day (`2016-03-28`, `2016-03`) stands for
    /// the start of that period in UTC; `precisionLost` then says so, for a warning.
    public static func offsetDateTime(_ value: FHIRDateTime) -> (time: OffsetDateTime, precisionLost: Bool)? {
        guard let text = value.value else { return nil }
        if let time = OffsetDateTime(parsing: text) { return (time, false) }
        guard let date = PartialDate(parsing: text) else { return nil }
        return (OffsetDateTime(date.start, utcOffsetMinutes: 0), true)
    }
}
