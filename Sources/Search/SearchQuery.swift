/// A search, parsed (http://hl7.org/fhir/R4/search.html): what to match, how to order and page it,
/// what to add to the results. The intermediate form between a query string and the native query
/// the planner makes of it.
public struct SearchQuery: Sendable, Hashable {
    public enum Total: String, Sendable, Hashable {
        case none, estimate, accurate
    }

    /// An `_include` or `_revinclude`: `Observation:subject`.
    public struct Inclusion: Sendable, Hashable {
        public var sourceType: String
        public var parameter: String

        public init(sourceType: String, parameter: String) {
            self.sourceType = sourceType
            self.parameter = parameter
        }
    }

    public struct Sort: Sendable, Hashable {
        public var parameter: String
        public var descending: Bool

        public init(_ parameter: String, descending: Bool = false) {
            self.parameter = parameter
            self.descending = descending
        }
    }

    /// A query parameter as received: name (with modifier or chain) and value.
    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public static let defaultCount = 50
    public static let maximumCount = 1000

    public var resourceType: String
    public var criteria: [SearchCriterion] = []
    public var count = SearchQuery.defaultCount
    /// The `_count` asked for when it was above `maximumCount` and clamped.
    public var requestedCount: Int?
    public var sort: [Sort] = []
    public var total = Total.none
    /// `_summary=count`: the total only, no entries.
    public var summaryCount = false
    /// `_elements`: the top-level elements to return (with the mandatory ones); nil for all.
    public var elements: [String]?
    public var includes: [Inclusion] = []
    public var revIncludes: [Inclusion] = []
    /// The paging cursor of a next or previous link.
    public var cursor: String?
    /// The parameters applied, as received (name with modifier, value), in order, without the
    /// cursor: what the `self` link shows.
    public var applied: [Parameter] = []
    /// `_format` and `_pretty` as received: not part of the search, but kept in its links.
    public var transport: [Parameter] = []
    /// What lenient handling left out, one message each.
    public var ignored: [SearchError] = []

    /// A reverse chain (http://hl7.org/fhir/R4/search.html#has): `_has:Observation:patient:code=4548-4`
    /// finds Patients that an Observation with that code refers to through `patient`.
    public struct ReverseChain: Sendable, Hashable {
        /// The type that refers (`Observation`).
        public var type: String
        /// Its reference parameter (`patient` or `subject`).
        public var reference: String
        /// Its parameter the referring resources must meet, parsed as a search of `type` parses it.
        public var criterion: SearchCriterion

        public init(type: String, reference: String, criterion: SearchCriterion) {
            self.type = type
            self.reference = reference
            self.criterion = criterion
        }
    }

    /// The `_has` criteria: one referring resource must meet all of them together.
    public var reverseChains: [ReverseChain] = []

    public init(resourceType: String, criteria: [SearchCriterion]) {
        self.resourceType = resourceType
        self.criteria = criteria
    }

    public init(resourceType: String) {
        self.resourceType = resourceType
    }
}
