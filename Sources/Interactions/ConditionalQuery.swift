import FHIRModels
public import NativeModel

/// The search of a conditional create (`If-None-Exist`, http://hl7.org/fhir/R4/http.html#ccreate).
/// The gateway matches on what it keeps unique, an identifier: `identifier=system|value`.
public enum ConditionalQuery {
    public static func identifier(_ query: String) throws -> ExternalIdentifier {
        let query = query.hasPrefix("?") ? String(query.dropFirst()) : query
        let parameters = query.split(separator: "&")
        guard parameters.count == 1, parameters[0].hasPrefix("identifier="),
              let bar = parameters[0].firstIndex(of: "|")
        else {
            throw FHIRError(.invalid, "If-None-Exist supports one parameter, identifier=system|value; got '\(query)'")
        }
        let start = parameters[0].index(parameters[0].startIndex, offsetBy: "identifier=".count)
        guard let system = String(parameters[0][start..<bar]).removingPercentEncodingOrNil,
              let value = String(parameters[0][parameters[0].index(after: bar)...]).removingPercentEncodingOrNil,
              !system.isEmpty, !value.isEmpty
        else {
            throw FHIRError(.invalid, "If-None-Exist must name both the identifier's system and value: "
                + "identifier=system|value")
        }
        return ExternalIdentifier(system: system, value: value)
    }
}

extension String {
    /// The text with `%XX` escapes decoded; nil when an escape is malformed or the bytes are not UTF-8.
    var removingPercentEncodingOrNil: String? {
        guard contains("%") || contains("+") else { return self }
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
                continue
            }
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next(), let low = iterator.next(),
                  let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            bytes.append(value)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
