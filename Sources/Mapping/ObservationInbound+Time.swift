import FHIRModels
import NativeModel

extension ObservationInbound {
    /// The time of a measurement taken at one moment (labs, vital signs).
    mutating func pointInTime() -> OffsetDateTime? {
        fieldPaths["measured_at"] = "Observation.effective"
        switch observation.effective {
        case .dateTime(let value):
            return dateTime(value, at: "Observation.effectiveDateTime")
        case .period(let period):
            guard let start = period.start else { break }
            if period.end != nil, period.end != start {
                warnings.append(.warning(.informational, "The measurement is stored at the start of effectivePeriod",
                                         at: "Observation.effectivePeriod"))
            }
            return dateTime(start, at: "Observation.effectivePeriod.start")
        case .other(let value):
            errors.append(.error(.notSupported, "effective\(ElementSpec.choiceSuffix(value.type)) is not stored: send "
                + "effectiveDateTime", at: "Observation.effective\(ElementSpec.choiceSuffix(value.type))"))
            return nil
        case nil: break
        }
        errors.append(.error(.required, "The Observation needs effectiveDateTime: when it was measured",
                             at: "Observation.effective"))
        return nil
    }

    /// The period of an activity value: effectivePeriod, or a day given as a date.
    mutating func activitySpan() -> TimeSpan? {
        fieldPaths["start"] = "Observation.effective"
        fieldPaths["end"] = "Observation.effective"
        switch observation.effective {
        case .dateTime(let value):
            guard let text = value.value, let time = dateTime(value, at: "Observation.effectiveDateTime", quiet: true) else {
                return nil
            }
            if let date = PartialDate(parsing: text), date.day != nil {
                return TimeSpan(start: time, end: time.instant.adding(milliseconds: 86_400_000))
            }
            return TimeSpan(start: time, end: time.instant)
        case .period:
            return period(required: false)
        default:
            return pointInTime().map { TimeSpan(start: $0, end: $0.instant) }
        }
    }

    /// The period of a sleep session: effectivePeriod with start and end.
    mutating func sleepSpan() -> TimeSpan? {
        fieldPaths["start"] = "Observation.effectivePeriod.start"
        fieldPaths["end"] = "Observation.effectivePeriod.end"
        guard case .period = observation.effective else {
            errors.append(.error(.required, "Sleep needs effectivePeriod with start and end", at: "Observation.effective"))
            return nil
        }
        return period(required: true)
    }

    private mutating func period(required: Bool) -> TimeSpan? {
        guard case .period(let period) = observation.effective else { return nil }
        guard let startValue = period.start else {
            errors.append(.error(.required, "effectivePeriod needs a start", at: "Observation.effectivePeriod.start"))
            return nil
        }
        guard let start = dateTime(startValue, at: "Observation.effectivePeriod.start") else { return nil }
        guard let endValue = period.end else {
            if required {
                errors.append(.error(.required, "effectivePeriod needs an end", at: "Observation.effectivePeriod.end"))
                return nil
            }
            return TimeSpan(start: start, end: start.instant)
        }
        guard let end = dateTime(endValue, at: "Observation.effectivePeriod.end") else { return nil }
        return TimeSpan(start: start, end: end.instant)
    }

    private mutating func dateTime(_ value: FHIRDateTime, at path: String, quiet: Bool = false) -> OffsetDateTime? {
        guard let (time, precisionLost) = FHIRTime.offsetDateTime(value) else {
            errors.append(.error(.required, "The time has no value", at: path))
            return nil
        }
        if precisionLost, !quiet {
            warnings.append(.warning(.informational, "'\(value.value ?? "")' has no time of day; it is stored as "
                + "\(time) and returned so", at: path))
        }
        return time
    }
}
