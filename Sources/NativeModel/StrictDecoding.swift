/// Decoding helpers for the records' `init(from:)`: they reject members the record does not have and
/// turn unparseable dates into located `ValidationError`s instead of generic decoding errors.
extension Decoder {
    /// Throws an `unknown_field` issue for each member that is neither a coding key nor in `readOnly`
    /// (fields the server computes, which clients may send back unchanged).
    public func rejectUnknownKeys<Key: CodingKey & CaseIterable>(_: Key.Type, readOnly: Set<String> = []) throws {
        let known = Set(Key.allCases.map(\.stringValue)).union(readOnly)
        let container = try container(keyedBy: AnyCodingKey.self)
        let unknown = container.allKeys.filter { !known.contains($0.stringValue) }
        guard !unknown.isEmpty else { return }
        throw ValidationError(unknown.sorted { $0.stringValue < $1.stringValue }.map { key in
            ValidationIssue(.unknownField, field: FieldPath.of(codingPath, appending: key),
                            "unknown field; expected one of: \(Key.allCases.map(\.stringValue).sorted().joined(separator: ", "))")
        })
    }
}

extension KeyedDecodingContainer {
    /// Decodes a required member, reporting absence and `null` alike as `missing_field`.
    public func required<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        guard let value = try decodeIfPresent(type, forKey: key) else {
            throw ValidationError(ValidationIssue(.missingField, field: FieldPath.of(codingPath, appending: key),
                                                  "is required"))
        }
        return value
    }

    /// Decodes an RFC 3339 date-time with seconds and an offset, e.g. `2026-11-01T07:30:00+01:00`.
    public func requiredDateTime(forKey key: Key) throws -> OffsetDateTime {
        let text = try required(String.self, forKey: key)
        guard let value = OffsetDateTime(parsing: text) else {
            throw ValidationError(ValidationIssue(
                .invalidValue, field: FieldPath.of(codingPath, appending: key),
                "'\(text)' is not a date-time like 2026-11-01T07:30:00+01:00 (seconds and a UTC offset or Z are required)"))
        }
        return value
    }

    /// Decodes an optional value of a `RawRepresentable` enumeration, naming the allowed values when it is not one.
    public func decodeCodeIfPresent<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T?
    where T.RawValue == String {
        guard let raw = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = T(rawValue: raw) else {
            throw ValidationError(ValidationIssue(
                .invalidValue, field: FieldPath.of(codingPath, appending: key),
                "'\(raw)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        return value
    }

    public func requiredCode<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: Key) throws -> T
    where T.RawValue == String {
        guard let value = try decodeCodeIfPresent(type, forKey: key) else {
            throw ValidationError(ValidationIssue(.missingField, field: FieldPath.of(codingPath, appending: key),
                                                  "is required"))
        }
        return value
    }
}

extension KeyedDecodingContainer {
    /// Decodes an optional whole number. Foundation's decoder on Linux reports `10.5` for an `Int` as
    /// "not valid JSON" without a location; reading a `Double` and checking it names the field.
    public func decodeWholeNumberIfPresent(forKey key: Key) throws -> Int? {
        guard let number = try decodeIfPresent(Double.self, forKey: key) else { return nil }
        let field = FieldPath.of(codingPath, appending: key)
        guard number == number.rounded() else {
            throw ValidationError(ValidationIssue(.wrongType, field: field,
                                                  "must be a whole number, not \(number.compactDescription)"))
        }
        // Whole numbers this large are no count of anything a tracker records; refused before `Int`
        // (which traps past ±9.2e18) ever sees them.
        guard abs(number) < 1e15, let whole = Int(exactly: number) else {
            throw ValidationError(ValidationIssue(.outOfRange, field: field,
                                                  "\(number.compactDescription) is too large a number"))
        }
        return whole
    }
}
