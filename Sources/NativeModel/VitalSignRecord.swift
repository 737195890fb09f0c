/// One vital-sign measurement: a row of `vital_signs`. Blood pressure carries `systolic` and
/// `diastolic`; every other kind carries `value`.
public struct VitalSignRecord: MeasurementRecord {
    public var measuredAt: OffsetDateTime
    public var kind: VitalSignKind
    public var value: Double?
    public var systolic: Double?
    public var diastolic: Double?
    /// The LOINC code the source sent when it was another code for the same measure than the one the
    /// gateway emits (the older 55284-4 blood pressure panel, 3141-9 for body weight).
    public var loincCode: String?
    public var source: String
    public var externalID: String?

    public init(
        measuredAt: OffsetDateTime, kind: VitalSignKind, value: Double? = nil, systolic: Double? = nil,
        diastolic: Double? = nil, loincCode: String? = nil, source: String = "app",
        externalID: String? = nil
    ) {
        self.measuredAt = measuredAt
        self.kind = kind
        self.value = value
        self.systolic = systolic
        self.diastolic = diastolic
        self.loincCode = loincCode
        self.source = source
        self.externalID = externalID
    }

    public static let table = NativeTable.vitalSigns
    public static let timeColumn = "measured_at"
    public static let contentColumns =
        ["measured_at", "utc_offset_minutes", "kind", "value", "systolic", "diastolic", "loinc_code"]
        + MeasurementRules.provenanceColumns
    public static let derivedKeys: Set<String> = ["unit"]

    public var time: Instant { measuredAt.instant }
    public var unit: String { kind.unit }

    public func ruleViolations(now: Instant) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if kind == .bloodPressure {
            if value != nil {
                issues.append(ValidationIssue(.inconsistent, field: "value",
                                              "blood pressure takes systolic and diastolic, not value"))
            }
            for (reading, field, range) in [(systolic, "systolic", VitalSignKind.systolicRange),
                                            (diastolic, "diastolic", VitalSignKind.diastolicRange)] {
                guard let reading else {
                    issues.append(ValidationIssue(.missingField, field: field, "is required for blood pressure"))
                    continue
                }
                if let issue = range.check(reading, field: field, what: "\(field) pressure") { issues.append(issue) }
            }
            if let systolic, let diastolic, issues.isEmpty, systolic <= diastolic {
                issues.append(ValidationIssue(.inconsistent, field: "diastolic",
                                              "diastolic \(diastolic.compactDescription) is not below systolic \(systolic.compactDescription)"))
            }
        } else {
            if let value {
                if let issue = kind.plausibleRange.check(value, field: "value", what: kind.rawValue) { issues.append(issue) }
            } else {
                issues.append(ValidationIssue(.missingField, field: "value", "is required for \(kind.rawValue)"))
            }
            for (reading, field) in [(systolic, "systolic"), (diastolic, "diastolic")] where reading != nil {
                issues.append(ValidationIssue(.inconsistent, field: field, "only blood pressure has \(field)"))
            }
        }
        if let issue = MeasurementRules.notInFuture(measuredAt.instant, field: "measured_at", now: now) {
            issues.append(issue)
        }
        return issues + MeasurementRules.provenance(source: source, externalID: externalID)
            + MeasurementRules.loincCode(loincCode)
    }

    public var columnValues: [ColumnValue] {
        [.integer(measuredAt.instant.millisecondsSince1970), .integer(Int64(measuredAt.utcOffsetMinutes)),
         .text(kind.rawValue), .init(value), .init(systolic), .init(diastolic), .init(loincCode), .init(source),
         .init(externalID)]
    }

    public init(columns: inout ColumnReader) throws(RowDecodingError) {
        let instant = Instant(millisecondsSince1970: try columns.integer())
        measuredAt = OffsetDateTime(instant, utcOffsetMinutes: Int(try columns.integer()))
        kind = try columns.code(VitalSignKind.self)
        value = try columns.optionalDouble()
        systolic = try columns.optionalDouble()
        diastolic = try columns.optionalDouble()
        loincCode = try columns.optionalText()
        source = try columns.text()
        externalID = try columns.optionalText()
    }
}

extension VitalSignRecord {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case measuredAt = "measured_at", kind, value, systolic, diastolic, unit, loincCode = "loinc_code", source,
             externalID = "external_id"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, readOnly: Self.rowKeys)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        measuredAt = try container.requiredDateTime(forKey: .measuredAt)
        kind = try container.requiredCode(VitalSignKind.self, forKey: .kind)
        value = try container.decodeIfPresent(Double.self, forKey: .value)
        systolic = try container.decodeIfPresent(Double.self, forKey: .systolic)
        diastolic = try container.decodeIfPresent(Double.self, forKey: .diastolic)
        loincCode = try container.decodeIfPresent(String.self, forKey: .loincCode)
        try container.checkUnit(forKey: .unit, expected: kind.unit, of: kind.rawValue)
        source = try container.decodeSource(forKey: .source)
        externalID = try container.decodeIfPresent(String.self, forKey: .externalID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(measuredAt.description, forKey: .measuredAt)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(value, forKey: .value)
        try container.encodeIfPresent(systolic, forKey: .systolic)
        try container.encodeIfPresent(diastolic, forKey: .diastolic)
        try container.encodeIfPresent(loincCode, forKey: .loincCode)
        try container.encode(unit, forKey: .unit)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(externalID, forKey: .externalID)
    }
}
