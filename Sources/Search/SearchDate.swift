import FHIRModels

/// A date search value as written: `1980`, `1980-05`, `1980-05-17`, `2026-11-14T07:30`,
/// `2026-11-14T07:30:00.250+01:00` (http://hl7.org/fhir/R4/search.html#date). It stands for the whole
/// span its precision gives: a year is every instant of that year.
public struct SearchDate: Sendable, Hashable, CustomStringConvertible {
    public enum Precision: Int, Sendable, Hashable, Comparable {
        case year, month, day, minute, second, millisecond

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// The offset from UTC the value names; nil when it names none (read as UTC).
    public var offsetMinutes: Int?
    public var precision: Precision
    public var description: String

    /// Parses the lexical forms of FHIR `date`, `dateTime` and `instant`, also without seconds; nil for
    /// anything else, including impossible dates and times.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + digits)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func skip(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        description = text
        guard let year = number(4), year >= 1 else { return nil }
        (self.year, month, day, hour, minute, second, millisecond, offsetMinutes) = (year, 1, 1, 0, 0, 0, 0, nil)
        precision = .year
        if index == bytes.count { return }
        guard skip(UInt8(ascii: "-")), let month = number(2), (1...12).contains(month) else { return nil }
        (self.month, precision) = (month, .month)
        if index == bytes.count { return }
        guard skip(UInt8(ascii: "-")), let day = number(2), (1...CalendarDays.inMonth(month, of: year)).contains(day) else {
            return nil
        }
        (self.day, precision) = (day, .day)
        if index == bytes.count { return }
        guard skip(UInt8(ascii: "T")), let hour = number(2), hour < 24, skip(UInt8(ascii: ":")),
              let minute = number(2), minute < 60
        else { return nil }
        (self.hour, self.minute, precision) = (hour, minute, .minute)
        if skip(UInt8(ascii: ":")) {
            guard let second = number(2), second < 60 else { return nil }
            (self.second, precision) = (second, .second)
            if skip(UInt8(ascii: ".")) {
                var digits = 0
                var fraction = 0
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                    if digits < 3 { fraction = fraction * 10 + Int(bytes[index] - 0x30) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                if digits < 3 { for _ in digits..<3 { fraction *= 10 } }
                (self.millisecond, precision) = (fraction, .millisecond)
            }
        }
        if index == bytes.count { return }
        if skip(UInt8(ascii: "Z")) {
            offsetMinutes = 0
        } else {
            let sign: Int
            // A `+` a client left unencoded in a query string arrives as a space.
            if skip(UInt8(ascii: "+")) || skip(UInt8(ascii: " ")) { sign = 1 } else if skip(UInt8(ascii: "-")) { sign = -1 } else { return nil }
            guard let hours = number(2), hours <= 14, skip(UInt8(ascii: ":")), let minutes = number(2), minutes < 60 else {
                return nil
            }
            offsetMinutes = sign * (hours * 60 + minutes)
        }
        guard index == bytes.count else { return nil }
    }
}
