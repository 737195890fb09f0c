/// A calendar date that keeps the precision it was given: `1980`, `1980-05` or `1980-05-17`,
/// the lexical space of FHIR `date` (http://hl7.org/fhir/R4/datatypes.html#date). Users' birth dates
/// are stored this way because EHRs send year-only and year-month birth dates.
public struct PartialDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = month == nil ? nil : day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(parsing text: some StringProtocol) {
        var scanner = DigitScanner(Array(text.utf8))
        guard let year = scanner.number(digits: 4), year >= 1 else { return nil }
        if scanner.isAtEnd {
            self.init(year: year)
            return
        }
        guard scanner.skip("-"), let month = scanner.number(digits: 2), (1...12).contains(month) else { return nil }
        if scanner.isAtEnd {
            self.init(year: year, month: month)
            return
        }
        guard scanner.skip("-"), let day = scanner.number(digits: 2), scanner.isAtEnd,
              (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        String(unsafeUninitializedCapacity: 11) { buffer in  // -YYYYY-MM-DD at the widest
            var writer = DigitWriter(buffer)
            writer.digits(year, width: 4)
            if let month {
                writer.byte("-")
                writer.digits(month, width: 2)
                if let day {
                    writer.byte("-")
                    writer.digits(day, width: 2)
                }
            }
            return writer.count
        }
    }

    /// The full date of a day number (days since 1970-01-01).
    public init(daysSince1970 days: Int64) {
        let (year, month, day) = CivilDate.civil(fromDaysSince1970: days)
        self.init(year: year, month: month, day: day)
    }

    /// The day number (days since 1970-01-01) of the period's first day.
    public var daysSince1970: Int64 { CivilDate.daysSince1970(year: year, month: month ?? 1, day: day ?? 1) }

    /// The first instant (UTC) of the period this date stands for.
    public var start: Instant {
        Instant(millisecondsSince1970: daysSince1970 * 86_400_000)
    }

    /// The first instant (UTC) after the period this date stands for: the start of the next day, month
    /// or year.
    public var end: Instant {
        guard let month else { return PartialDate(year: year + 1).start }
        guard day != nil else {
            return month == 12 ? PartialDate(year: year + 1, month: 1).start : PartialDate(year: year, month: month + 1).start
        }
        return PartialDate(daysSince1970: daysSince1970 + 1).start
    }

    /// Orders by the start of the period, then the coarser date first.
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        if lhs.start != rhs.start { return lhs.start < rhs.start }
        return (lhs.month == nil ? 0 : lhs.day == nil ? 1 : 2) < (rhs.month == nil ? 0 : rhs.day == nil ? 1 : 2)
    }
}
