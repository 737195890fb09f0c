public import NativeModel

/// What an instance history asks for (http://hl7.org/fhir/R4/http.html#history).
public struct FHIRHistoryQuery: Sendable {
    /// `_count`: entries per page.
    public var count: Int
    /// `_since`: only versions recorded after this instant.
    public var since: Instant?
    /// `_at`: only the version current at this instant.
    public var at: Instant?
    /// Where the page starts: below this version.
    public var beforeVersion: Int?

    public init(count: Int = 50, since: Instant? = nil, at: Instant? = nil, beforeVersion: Int? = nil) {
        self.count = count
        self.since = since
        self.at = at
        self.beforeVersion = beforeVersion
    }
}
