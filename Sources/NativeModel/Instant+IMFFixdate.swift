extension Instant {
    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The instant as an HTTP date (RFC 9110 §5.6.7, `Sun, 06 Nov 1994 08:49:37 GMT`), for
    /// `Last-Modified`; without DateFormatter, which costs more than a whole read on the hot path.
    public var imfFixdate: String {
        let days = millisecondsSince1970.floorDivided(by: 86_400_000)
        let secondOfDay = Int((millisecondsSince1970 - days * 86_400_000) / 1000)
        let (year, month, day) = CivilDate.civil(fromDaysSince1970: days)
        let weekday = Self.weekdays[Int((days % 7 + 7) % 7)]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(Self.months[month - 1]) \(year) \(two(secondOfDay / 3600)):"
            + "\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }
}
