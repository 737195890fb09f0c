/// Rules every measurement shares: where it came from and when it happened.
enum MeasurementRules {
    /// How far in the future a measurement may lie: device clocks drift and time zones differ.
    static let futureTolerance: Int64 = 24 * 3_600_000

    static func provenance(source: String, externalID: String?) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if source.isEmpty || source.count > 200 {
            issues.append(ValidationIssue(.invalidValue, field: "source", "must have 1–200 characters"))
        }
        if let externalID, externalID.isEmpty || externalID.count > 200 {
            issues.append(ValidationIssue(.invalidValue, field: "external_id", "must have 1–200 characters"))
        }
        return issues
    }

    /// A LOINC code has the form `NNNNN-N`: up to seven digits, a hyphen, a check digit.
    static func loincCode(_ code: String?) -> [ValidationIssue] {
        guard let code else { return [] }
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && (1...7).contains(parts[0].count) && parts[1].count == 1
            && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
        return valid ? [] : [ValidationIssue(.invalidValue, field: "loinc_code", "'\(code)' is not a LOINC code (NNNNN-N)")]
    }

    static func notInFuture(_ time: Instant, field: String, now: Instant) -> ValidationIssue? {
        guard time > now.adding(milliseconds: futureTolerance) else { return nil }
        return ValidationIssue(.outOfRange, field: field, "\(time) is in the future")
    }

    /// Columns every measurement table ends with.
    static let provenanceColumns = ["source", "external_id"]
}

extension KeyedDecodingContainer {
    /// `source` defaults to `app`: rows the tracker's own apps write.
    func decodeSource(forKey key: Key) throws -> String {
        try decodeIfPresent(String.self, forKey: key) ?? "app"
    }
}
