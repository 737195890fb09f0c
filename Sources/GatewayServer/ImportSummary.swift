public import Interactions

/// What an import of files did; `failures` are the report's lines (OperationOutcomes as NDJSON).
public struct ImportSummary: Sendable {
    public var counts = ImportCounts()
    public var failures: [String] = []

    public init() {}
}

/// How far an import of files is: bytes of input done of all, and resources read.
public struct ImportProgress: Sendable {
    public var bytesDone: Int64
    public var bytesTotal: Int64
    public var resources: Int

    public init(bytesDone: Int64, bytesTotal: Int64, resources: Int) {
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.resources = resources
    }
}
