/// The regular expressions of http://hl7.org/fhir/R4/datatypes.html#primitive, as small scanners.
enum PrimitiveGrammar {
    static func hasControlCharacters(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    }

    /// `[^\s]+(\s[^\s]+)*`
    static func isCode(_ text: String) -> Bool {
        if let ascii = asciiCode(text) { return ascii }
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              !first.properties.isWhitespace, !last.properties.isWhitespace, !text.contains("  ")
        else { return false }
        return !text.unicodeScalars.contains { $0.properties.isWhitespace && $0 != " " }
    }

    /// `[A-Za-z0-9\-\.]{1,64}`
    static func isID(_ text: String) -> Bool {
        (1...64).contains(text.utf8.count)
            && text.utf8.allSatisfy { isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    /// `\S*`, and not empty (an empty value is not a value).
    static func isURI(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return !text.isEmpty && !text.utf8.contains(where: isASCIISpace) }
        return !text.isEmpty && !text.unicodeScalars.contains { $0.properties.isWhitespace }
    }

    /// `isCode` for ASCII text, byte by byte (most codes): nil when the text is not ASCII.
    private static func asciiCode(_ text: String) -> Bool? {
        var previousSpace = true  // no leading space
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            if byte == UInt8(ascii: " ") {
                if previousSpace { return false }
                previousSpace = true
            } else if isASCIISpace(byte) {
                return false
            } else {
                previousSpace = false
            }
        }
        return !previousSpace  // not empty, no trailing space
    }

    /// The ASCII characters Unicode counts as white space: tab, line feed, vertical tab, form feed,
    /// carriage return, space, and the information separators 0x1C–0x1F.
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        (0x09...0x0D).contains(byte) || byte == 0x20 || (0x1C...0x1F).contains(byte)
    }

    /// `[0]|[-+]?[1-9][0-9]*`, within 32 bits.
    static func integer(_ text: String) -> Int32? {
        var digits = Substring(text)
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy(isDigit), digits == "0" || digits.first != "0" else { return nil }
        if digits == "0", text != "0" { return nil }
        return Int32(text.first == "+" ? String(text.dropFirst()) : text)
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let integer = bytes.prefix(while: isDigit)
        guard !integer.isEmpty, integer.count == 1 || integer.first != UInt8(ascii: "0") else { return false }
        bytes = bytes.dropFirst(integer.count)
        if bytes.first == UInt8(ascii: ".") {
            let fraction = bytes.dropFirst().prefix(while: isDigit)
            guard !fraction.isEmpty else { return false }
            bytes = bytes.dropFirst(1 + fraction.count)
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }

    /// A date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a real day of the month) and, when `allowTime`, a time
    /// of day with seconds and a zone after a full date (`T12:30:00+01:00`, `T12:30:00.123Z`).
    static func dateTime(_ text: String, allowTime: Bool) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4, let year = number(bytes[0..<4]), year >= 1 else { return false }
        if bytes.count == 4 { return true }
        guard bytes.count >= 7, bytes[4] == UInt8(ascii: "-"), let month = number(bytes[5..<7]), (1...12).contains(month)
        else { return false }
        if bytes.count == 7 { return true }
        guard bytes.count >= 10, bytes[7] == UInt8(ascii: "-"), let day = number(bytes[8..<10]),
              (1...CalendarDays.inMonth(month, of: year)).contains(day)
        else { return false }
        if bytes.count == 10 { return true }
        guard allowTime, bytes[10] == UInt8(ascii: "T") else { return false }
        var rest = bytes[11...]
        let zoneStart = rest.firstIndex { $0 == UInt8(ascii: "Z") || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }
        guard let zoneStart, isTime(rest[..<zoneStart]) else { return false }
        rest = rest[zoneStart...]
        if rest == [UInt8(ascii: "Z")][...] { return true }
        guard rest.count == 6, rest[rest.startIndex + 3] == UInt8(ascii: ":"),
              let hours = number(rest.dropFirst().prefix(2)), let minutes = number(rest.suffix(2))
        else { return false }
        return hours <= 14 && minutes < 60
    }

    /// `([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?`
    static func isTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count >= 8, let hours = number(bytes.prefix(2)), hours < 24,
              bytes[bytes.startIndex + 2] == UInt8(ascii: ":"), let minutes = number(bytes.dropFirst(3).prefix(2)),
              minutes < 60, bytes[bytes.startIndex + 5] == UInt8(ascii: ":"),
              let seconds = number(bytes.dropFirst(6).prefix(2)), seconds <= 60
        else { return false }
        let fraction = bytes.dropFirst(8)
        return fraction.isEmpty || (fraction.first == UInt8(ascii: ".") && fraction.count > 1
            && fraction.dropFirst().allSatisfy(isDigit))
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.allSatisfy(isDigit) else { return nil }
        return bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }
}
