/// An instant together with the UTC offset it was recorded in, as in `2026-11-01T07:30:00+01:00`.
///
/// The native API reads and writes times in this form (RFC 3339, which is also the lexical form of a
/// FHIR `dateTime` with seconds: http://hl7.org/fhir/R4/datatypes.html#dateTime). The offset is kept
/// so that a measurement's local day can be told later.
public struct OffsetDateTime: Sendable, Hashable, CustomStringConvertible {
    public var instant: Instant
    /// Minutes east of UTC, between -14 and +14 hours.
    public var utcOffsetMinutes: Int

    public static let offsetRange = -14 * 60...14 * 60

    public init(_ instant: Instant, utcOffsetMinutes: Int) {
        self.instant = instant
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fff…](Z|±hh:mm)`; returns nil for anything else, including
    /// impossible dates such as February 30.
    public init?(parsing text: some StringProtocol) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2), scanner.skip("T"),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), scanner.skip(":"),
              let second = scanner.number(digits: 2)
        else { return nil }
        var millisecond = 0
        if scanner.skip(".") {
            guard let fraction = scanner.fraction(maxDigits: 9) else { return nil }
            millisecond = fraction
        }
        guard let offset = scanner.utcOffset(), scanner.isAtEnd else { return nil }
        guard (1...12).contains(month), (1...CivilDate.daysInMonth(year: year, month: month)).contains(day),
              hour < 24, minute < 60, second < 60, Self.offsetRange.contains(offset)
        else { return nil }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        let localSeconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let utcMilliseconds = (localSeconds - Int64(offset) * 60) * 1000 + Int64(millisecond)
        self.init(Instant(millisecondsSince1970: utcMilliseconds), utcOffsetMinutes: offset)
    }

    /// RFC 3339 with `Z` for UTC, milliseconds only when there are some.
    ///
    /// Written digit by digit into a fixed buffer: it runs for every time of every row a list returns,
    /// and string interpolation made it a tenth of a list request's CPU (measured with perf).
    public var description: String {
        let localMilliseconds = instant.millisecondsSince1970 + Int64(utcOffsetMinutes) * 60_000
        let days = localMilliseconds.floorDivided(by: 86_400_000)
        let millisecondOfDay = Int(localMilliseconds - days * 86_400_000)
        let (year, month, day) = CivilDate.civil(fromDaysSince1970: days)
        let secondOfDay = millisecondOfDay / 1000
        let millisecond = millisecondOfDay % 1000
        let capacity = 29  // -YYYYY-MM-DDThh:mm:ss.fff+hh:mm, with room for a five-digit year
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            var writer = DigitWriter(buffer)
            writer.digits(year, width: 4)
            writer.byte("-")
            writer.digits(month, width: 2)
            writer.byte("-")
            writer.digits(day, width: 2)
            writer.byte("T")
            writer.digits(secondOfDay / 3600, width: 2)
            writer.byte(":")
            writer.digits(secondOfDay / 60 % 60, width: 2)
            writer.byte(":")
            writer.digits(secondOfDay % 60, width: 2)
            if millisecond != 0 {
                writer.byte(".")
                writer.digits(millisecond, width: 3)
            }
            if utcOffsetMinutes == 0 {
                writer.byte("Z")
            } else {
                writer.byte(utcOffsetMinutes < 0 ? "-" : "+")
                writer.digits(abs(utcOffsetMinutes) / 60, width: 2)
                writer.byte(":")
                writer.digits(abs(utcOffsetMinutes) % 60, width: 2)
            }
            return writer.count
        }
    }

    /// The calendar date at this offset, e.g. `2026-11-01`.
    public var localDate: PartialDate {
        let localMilliseconds = instant.millisecondsSince1970 + Int64(utcOffsetMinutes) * 60_000
        let (year, month, day) = CivilDate.civil(fromDaysSince1970: localMilliseconds.floorDivided(by: 86_400_000))
        return PartialDate(year: year, month: month, day: day)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
