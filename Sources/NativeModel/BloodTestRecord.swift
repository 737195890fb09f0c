/// One blood test result, its value in the analyte's canonical unit: a row of `blood_tests`.
public struct BloodTestRecord: MeasurementRecord {
    public var measuredAt: OffsetDateTime
    public var analyte: Analyte
    public var value: Double
    /// Whether the sample was taken fasting; nil when not known.
    public var fasting: Bool?
    /// The LOINC code the source sent when it was another code for the same analyte than the one the
    /// gateway emits (15074-8 for glucose in mmol/L), so FHIR reads can give the original coding back.
    public var loincCode: String?
    public var source: String
    public var externalID: String?

    public init(
        measuredAt: OffsetDateTime, analyte: Analyte, value: Double, fasting: Bool? = nil, loincCode: String? = nil,
        source: String = "app", externalID: String? = nil
    ) {
        self.measuredAt = measuredAt
        self.analyte = analyte
        self.value = value
        self.fasting = fasting
        self.loincCode = loincCode
        self.source = source
        self.externalID = externalID
    }

    public static let table = NativeTable.bloodTests
    public static let timeColumn = "measured_at"
    public static let contentColumns =
        ["measured_at", "utc_offset_minutes", "analyte", "value", "fasting", "loinc_code"]
        + MeasurementRules.provenanceColumns
    public static let derivedKeys: Set<String> = ["unit"]

    public var time: Instant { measuredAt.instant }
    public var unit: String { analyte.unit }

    public func ruleViolations(now: Instant) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let issue = analyte.plausibleRange.check(value, field: "value", what: "\(analyte.rawValue) value") {
            issues.append(issue)
        }
        if let issue = MeasurementRules.notInFuture(measuredAt.instant, field: "measured_at", now: now) {
            issues.append(issue)
        }
        return issues + MeasurementRules.provenance(source: source, externalID: externalID)
            + MeasurementRules.loincCode(loincCode)
    }

    public var columnValues: [ColumnValue] {
        [.integer(measuredAt.instant.millisecondsSince1970), .integer(Int64(measuredAt.utcOffsetMinutes)),
         .text(analyte.rawValue), .real(value), .init(fasting), .init(loincCode), .init(source),
         .init(externalID)]
    }

    public init(columns: inout ColumnReader) throws(RowDecodingError) {
        let instant = Instant(millisecondsSince1970: try columns.integer())
        measuredAt = OffsetDateTime(instant, utcOffsetMinutes: Int(try columns.integer()))
        analyte = try columns.code(Analyte.self)
        value = try columns.double()
        fasting = try columns.optionalBool()
        loincCode = try columns.optionalText()
        source = try columns.text()
        externalID = try columns.optionalText()
    }
}

extension BloodTestRecord {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case measuredAt = "measured_at", analyte, value, unit, fasting, loincCode = "loinc_code", source,
             externalID = "external_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, readOnly: Self.rowKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        measuredAt = try container.requiredDateTime(forKey: .measuredAt)
        analyte = try container.requiredCode(Analyte.self, forKey: .analyte)
        value = try container.required(Double.self, forKey: .value)
        try container.checkUnit(forKey: .unit, expected: analyte.unit, of: analyte.rawValue)
        fasting = try container.decodeIfPresent(Bool.self, forKey: .fasting)
        loincCode = try container.decodeIfPresent(String.self, forKey: .loincCode)
        source = try container.decodeSource(forKey: .source)
        externalID = try container.decodeIfPresent(String.self, forKey: .externalID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measuredAt.description, forKey: .measuredAt)
        try container.encode(analyte, forKey: .analyte)
        try container.encode(value, forKey: .value)
        try container.encode(unit, forKey: .unit)
        try container.encodeIfPresent(fasting, forKey: .fasting)
        try container.encodeIfPresent(loincCode, forKey: .loincCode)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(externalID, forKey: .externalID)
    }
}

extension KeyedDecodingContainer {
    /// The native API stores values in one canonical unit per measure. A `unit` member is optional; when
    /// present it must name that unit, so that a value in another unit is never stored as if it were in it.
    func checkUnit(forKey key: Key, expected: String, of what: String) throws {
        guard let unit = try decodeIfPresent(String.self, forKey: key), unit != expected else { return }
        throw ValidationError(ValidationIssue(
            .invalidValue, field: FieldPath.of(codingPath, appending: key),
            "'\(unit)' is not the unit of \(what); send the value in \(expected)"))
    }
}
