public import Foundation

/// The JSON form of native records, shared by the native REST API and the `Samples/` population
/// files: snake_case members, RFC 3339 times, and decoding errors reported as located
/// `ValidationError`s (malformed JSON, wrong types, missing or unknown fields).
public enum NativeJSON {
    /// Decodes `type` from `data`; every failure is a `ValidationError`.
    ///
    /// Error types in this project are documented rather than typed: Swift 6.3's optimizer crashes on
    /// typed throws inlined into async functions (LLVM coroutine splitting).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as ValidationError {
            throw error
        } catch let error as DecodingError {
            throw ValidationError(oversizedNumber(in: data) ?? issue(for: error))
        } catch {
            throw ValidationError(oversizedNumber(in: data)
                ?? ValidationIssue(.malformedJSON, field: "", "the body is not valid JSON"))
        }
    }

    /// Foundation's decoder calls a number no double holds (`1e400`) "not valid JSON", without saying
    /// where. JSON allows such numbers (RFC 8259, section 6), so this finds the first one and the
    /// member it is the value of, to refuse it as out of range by name.
    static func oversizedNumber(in data: Data) -> ValidationIssue? {
        var key = ""
        var lastString = ""
        var index = data.startIndex
        while index < data.endIndex {
            let byte = data[index]
            if byte == UInt8(ascii: "\"") {
                var end = data.index(after: index)
                while end < data.endIndex, data[end] != UInt8(ascii: "\"") {
                    end = data.index(end, offsetBy: data[end] == UInt8(ascii: "\\") ? 2 : 1, limitedBy: data.endIndex) ?? data.endIndex
                }
                lastString = String(decoding: data[data.index(after: index)..<min(end, data.endIndex)], as: UTF8.self)
                index = end < data.endIndex ? data.index(after: end) : end
                continue
            }
            if byte == UInt8(ascii: ":") { key = lastString }
            if byte == UInt8(ascii: "-") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
                var end = index
                while end < data.endIndex, Self.numberBytes.contains(data[end]) { end = data.index(after: end) }
                let text = String(decoding: data[index..<end], as: UTF8.self)
                if let number = Double(text), !number.isFinite {
                    return ValidationIssue(.outOfRange, field: key, "\(text) is too large a number")
                }
                index = end
                continue
            }
            index = data.index(after: index)
        }
        return nil
    }

    private static let numberBytes = Set("-+.eE0123456789".utf8)

    public static func encode(_ value: some Encodable, pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    static func issue(for error: DecodingError) -> ValidationIssue {
        switch error {
        case .typeMismatch(let type, let context):
            let field = FieldPath.of(context.codingPath)
            if field.isEmpty {
                return ValidationIssue(.malformedJSON, field: "", "the body must be \(describe(type))")
            }
            return ValidationIssue(.wrongType, field: field, "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return ValidationIssue(.missingField, field: FieldPath.of(context.codingPath),
                                   "must be \(describe(type)), not null")
        case .keyNotFound(let key, let context):
            return ValidationIssue(.missingField, field: FieldPath.of(context.codingPath, appending: key), "is required")
        case .dataCorrupted(let context):
            let field = FieldPath.of(context.codingPath)
            if field.isEmpty {
                return ValidationIssue(.malformedJSON, field: "", "the body is not valid JSON")
            }
            // JSONDecoder reports numbers that do not fit the type (8000.5 for an integer) this way.
            return ValidationIssue(.wrongType, field: field, "has a value of the wrong form or size")
        @unknown default:
            return ValidationIssue(.malformedJSON, field: "", "the body could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            return "an object"
        }
    }
}
