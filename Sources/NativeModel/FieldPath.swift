/// Turns a `Decoder`'s coding path into the dotted field path that error messages use:
/// `identifiers[0].system`.
enum FieldPath {
    static func of(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    static func of(_ path: [any CodingKey], appending key: some CodingKey) -> String {
        of(path + [key])
    }
}

/// A coding key for any member name, to see every key a JSON object has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}
