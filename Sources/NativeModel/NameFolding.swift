import Foundation

/// The form names are searched and sorted in: lowercase, accents and other diacritics removed
/// (`Müller` → `muller`, `Ånström` → `anstrom`), so FHIR's default string search, "starts with,
/// ignoring case and accents" (http://hl7.org/fhir/R4/search.html#string), is a byte-wise prefix
/// comparison that an index can answer. The store keeps every name in this form; the search planner
/// folds what clients type the same way.
public enum NameFolding {
    /// `text` lowercased, without diacritics, its runs of whitespace made one space, trimmed.
    public static func fold(_ text: String) -> String {
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .lowercased()
        if !folded.allSatisfy(\.isASCII) {
            folded = String(folded.flatMap { letters[$0] ?? String($0) })
        }
        return folded.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Letters with no decomposition that readers still take for a letter with a mark (`Østergaard`
    /// is found by `ostergaard`, `Straße` by `strasse`).
    private static let letters: [Character: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    /// The keys a name is found by: the whole folded name, and each of its words (split at spaces
    /// and hyphens) when it has several, so `given=ann` finds "Mary-Ann" and `family=ber` finds
    /// "van den Berg" while `family=van d` still finds it through the whole name.
    public static func keys(_ text: String) -> [String] {
        let whole = fold(text)
        guard !whole.isEmpty else { return [] }
        var keys = [whole]
        for word in whole.split(whereSeparator: { $0 == " " || $0 == "-" }).map(String.init) where !keys.contains(word) {
            keys.append(word)
        }
        return keys
    }

    /// The smallest string greater than every string that starts with `prefix` (for a range scan
    /// `key >= prefix AND key < upperBound`), nil when there is none.
    public static func prefixUpperBound(_ prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            if let next = Unicode.Scalar(last.value + 1) ?? Unicode.Scalar(last.value + 0x801) {
                scalars.append(next)
                var result = String.UnicodeScalarView()
                result.append(contentsOf: scalars)
                return String(result)
            }
        }
        return nil
    }
}
