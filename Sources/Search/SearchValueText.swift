/// The escaping of search values (http://hl7.org/fhir/R4/search.html#escaping): `\,`, `\|`, `\$` and
/// `\\` stand for the characters themselves; unescaped `,` separates alternatives.
enum SearchValueText {
    /// `text` split at each unescaped `separator`, with escapes resolved in the parts.
    static func split(_ text: String, at separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                if !"\\,|$".contains(character) { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        parts.append(current)
        return parts
    }

    /// `text` with its escapes resolved (a string or reference value, which has no `|` parts).
    static func unescaped(_ text: String) -> String {
        split(text, at: "\u{0}").joined()
    }

    /// The alternatives of a value, still escaped for a second split at `|`.
    static func alternatives(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in text {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                current.append(character)
                escaped = true
            } else if character == "," {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }
}
