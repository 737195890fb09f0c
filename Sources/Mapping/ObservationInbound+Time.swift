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
    /// Sleep duration (93832-4) as sleep trackers and wearables send it, `value` in hours:
    /// - `effectivePeriod` and a value as long as it (within a minute): a session, asleep all along;
    /// - `effectivePeriod` and a shorter value: the window (bedtime to wake-up, or the day or night of a
    ///   daily total) and the time asleep within it, kept as both;
    /// - `effectiveDateTime` (the wake-up) and the value: the session that ends then;
    /// - `effectivePeriod` without a value: a session.
    /// A value longer than its window cannot be true: 422.
    mutating func sleep(_ value: Double?) -> (TimeSpan, asleepMinutes: Double?)? {
        fieldPaths["start"] = "Observation.effectivePeriod.start"
        fieldPaths["end"] = "Observation.effectivePeriod.end"
        switch observation.effective {
        case .period:
            guard let span = period(required: true) else { return nil }
            guard let value else { return (span, nil) }
            let windowHours = Double(span.durationMilliseconds) / 3_600_000
            if value > windowHours + 1.0 / 60 {
                errors.append(.error(.invariant, "The time asleep (\(value.compactDescription) h) is longer than "
                    + "effectivePeriod (\(windowHours.rounded(toPlaces: 2).compactDescription) h)",
                    at: "Observation.valueQuantity.value"))
                return nil
            }
            return (span, windowHours - value > 1.0 / 60 ? (value * 60).rounded(toPlaces: 2) : nil)
        case .dateTime:
            fieldPaths["start"] = "Observation.effectiveDateTime"
            fieldPaths["end"] = "Observation.effectiveDateTime"
            guard let wakeUp = pointInTime() else { return nil }
            guard let value, value > 0 else {
                errors.append(.error(.required, "Sleep at one point in time (effectiveDateTime, the wake-up) needs "
                    + "the time asleep as its value, or send effectivePeriod", at: "Observation.valueQuantity"))
                return nil
            }
            let start = wakeUp.instant.adding(milliseconds: -Int64((value * 3_600_000).rounded()))
            return (TimeSpan(start: OffsetDateTime(start, utcOffsetMinutes: wakeUp.utcOffsetMinutes), end: wakeUp.instant), nil)
        default:
            errors.append(.error(.required, "Sleep needs effectivePeriod with start and end (or effectiveDateTime, the "
                + "wake-up, with the time asleep)", at: "Observation.effective"))
            return nil
        }
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
