/// Steps over one JSON value (RFC 8259) without building it, checking its grammar on the way: strings
/// of valid UTF-8 without raw control characters and with valid escapes, numbers of JSON's form, the
/// three literals, objects and arrays no deeper than the general parser allows. It is how a lenient
/// transaction passes over the entries the gateway does not keep (an Encounter, a Claim, an
/// ExplanationOfBenefit) at a fraction of the cost of reading them, and still refuses malformed JSON.
/// Member names are not checked for duplicates (RFC 8259 makes them a SHOULD, not the grammar).
struct JSONSkipper {
    struct Malformed: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position: Int
    private let maximumDepth: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at position: Int, maximumDepth: Int) {
        self.bytes = bytes
        self.position = position
        self.maximumDepth = maximumDepth
    }

    /// Steps over the value at the position (after any white space).
    mutating func skipValue(depth: Int = 0) throws {
        skipSpace()
        guard position < bytes.count else { throw Malformed() }
        switch bytes[position] {
        case UInt8(ascii: "{"): try skipObject(depth: depth + 1)
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        case UInt8(ascii: "t"): try skipLiteral("true")
        case UInt8(ascii: "f"): try skipLiteral("false")
        case UInt8(ascii: "n"): try skipLiteral("null")
        default: throw Malformed()
        }
    }

    private mutating func skipObject(depth: Int) throws {
        guard depth <= maximumDepth else { throw Malformed() }
        position += 1
        skipSpace()
        if next == UInt8(ascii: "}") {
            position += 1
            return
        }
        while true {
            skipSpace()
            guard next == UInt8(ascii: "\"") else { throw Malformed() }
            try skipString()
            skipSpace()
            guard next == UInt8(ascii: ":") else { throw Malformed() }
            position += 1
            try skipValue(depth: depth)
            skipSpace()
            switch next {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return
            default: throw Malformed()
            }
        }
    }

    private mutating func skipArray(depth: Int) throws {
        guard depth <= maximumDepth else { throw Malformed() }
        position += 1
        skipSpace()
        if next == UInt8(ascii: "]") {
            position += 1
            return
        }
        while true {
            try skipValue(depth: depth)
            skipSpace()
            switch next {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return
            default: throw Malformed()
            }
        }
    }

    /// A string: printable ASCII runs fast; escapes and multi-byte UTF-8 are checked.
    private mutating func skipString() throws {
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"): try skipEscape()
            case 0x20..<0x80: position += 1
            case 0x80...: try skipMultiByteCharacter(byte)
            default: throw Malformed()  // a raw control character
            }
        }
        throw Malformed()
    }

    private mutating func skipEscape() throws {
        guard position + 1 < bytes.count else { throw Malformed() }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            position += 2
        case UInt8(ascii: "u"):
            guard position + 6 <= bytes.count,
                  (position + 2..<position + 6).allSatisfy({ Self.isHexDigit(bytes[$0]) })
            else { throw Malformed() }
            position += 6
        default: throw Malformed()
        }
    }

    /// One UTF-8 character of two to four bytes, as Unicode 15 table 3-7 allows them (no overlong
    /// forms, no surrogates, nothing above U+10FFFF).
    private mutating func skipMultiByteCharacter(_ lead: UInt8) throws {
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw Malformed()
        }
        guard position + length <= bytes.count, secondRange.contains(bytes[position + 1]) else { throw Malformed() }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[position + offset]) { throw Malformed() }
        position += length
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`
    private mutating func skipNumber() throws {
        if next == UInt8(ascii: "-") { position += 1 }
        guard let first = next, Self.isDigit(first) else { throw Malformed() }
        position += 1
        if first != UInt8(ascii: "0") { skipDigits() }
        if next == UInt8(ascii: ".") {
            position += 1
            guard let digit = next, Self.isDigit(digit) else { throw Malformed() }
            skipDigits()
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            position += 1
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { position += 1 }
            guard let digit = next, Self.isDigit(digit) else { throw Malformed() }
            skipDigits()
        }
    }

    private mutating func skipDigits() {
        while let byte = next, Self.isDigit(byte) { position += 1 }
    }

    private mutating func skipLiteral(_ word: StaticString) throws {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count,
              (0..<count).allSatisfy({ bytes[position + $0] == word.utf8Start[$0] })
        else { throw Malformed() }
        position += count
    }

    mutating func skipSpace() {
        while position < bytes.count,
              bytes[position] == 0x20 || bytes[position] == 0x0A || bytes[position] == 0x0D || bytes[position] == 0x09 {
            position += 1
        }
    }

    private var next: UInt8? { position < bytes.count ? bytes[position] : nil }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}
