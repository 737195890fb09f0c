/// What an import did with the lines of one resource type and code: the counts `$import` reports.
public struct ImportTally: Codable, Sendable, Hashable {
    /// New rows.
    public var imported = 0
    /// Rows found (by identifier) whose content the line changed.
    public var updated = 0
    /// Rows found with the same content: a re-import changes nothing.
    public var unchanged = 0
    /// Lines the gateway does not store: resource types and codes it does not map.
    public var skipped = 0
    /// Lines that could not be imported; each has an OperationOutcome in the job's error file.
    public var failed = 0

    public init() {}

    public var total: Int { imported + updated + unchanged + skipped + failed }

    static func + (lhs: ImportTally, rhs: ImportTally) -> ImportTally {
        var sum = lhs
        sum.imported += rhs.imported
        sum.updated += rhs.updated
        sum.unchanged += rhs.unchanged
        sum.skipped += rhs.skipped
        sum.failed += rhs.failed
        return sum
    }
}

/// A resource type and, for Observations, the code (`http://loinc.org|8867-4`) counts are kept by.
public struct ImportCountKey: Codable, Sendable, Hashable, Comparable {
    public var resourceType: String
    public var code: String?

    public init(_ resourceType: String, code: String? = nil) {
        self.resourceType = resourceType
        self.code = code
    }

    public static func < (lhs: ImportCountKey, rhs: ImportCountKey) -> Bool {
        (lhs.resourceType, lhs.code ?? "") < (rhs.resourceType, rhs.code ?? "")
    }
}

/// The counts of an import, per resource type and code.
public struct ImportCounts: Codable, Sendable, Hashable {
    public private(set) var tallies: [ImportCountKey: ImportTally] = [:]

    public init() {}

    /// All lines, whatever their type.
    public var total: ImportTally { tallies.values.reduce(ImportTally(), +) }

    /// The counts of one resource type, over its codes.
    public func total(of resourceType: String) -> ImportTally {
        tallies.filter { $0.key.resourceType == resourceType }.values.reduce(ImportTally(), +)
    }

    public mutating func count(_ key: ImportCountKey, _ field: WritableKeyPath<ImportTally, Int>) {
        tallies[key, default: ImportTally()][keyPath: field] += 1
    }

    public mutating func add(_ other: ImportCounts) {
        for (key, tally) in other.tallies { add(tally, for: key) }
    }

    public mutating func add(_ tally: ImportTally, for key: ImportCountKey) {
        tallies[key] = (tallies[key] ?? ImportTally()) + tally
    }

    // Stored as a list, in key order: a dictionary with struct keys is not a JSON object.
    private struct Row: Codable {
        var resourceType: String
        var code: String?
        var tally: ImportTally
    }

    public init(from decoder: any Decoder) throws {
        let rows = try [Row](from: decoder)
        for row in rows { tallies[ImportCountKey(row.resourceType, code: row.code)] = row.tally }
    }

    public func encode(to encoder: any Encoder) throws {
        try tallies.sorted { $0.key < $1.key }.map { Row(resourceType: $0.key.resourceType, code: $0.key.code, tally: $0.value) }
            .encode(to: encoder)
    }
}
