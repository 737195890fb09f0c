/// The Gregorian calendar's month lengths, which FHIR's date grammar and date search values check a
/// day against.
public enum CalendarDays {
    /// The days of `month` (1–12) in `year`.
    public static func inMonth(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
