public import NativeModel

/// One request's entry in the audit trail ("who saw what, when"; HIPAA's audit controls): who called
/// (client, subject, `fhirUser`, source address), what they did (the interaction, the resource type, the
/// query's parameter names, never their values), what it touched (the references of every resource
/// returned or written, and the patients they belong to: ids only, no names, no values), and how it
/// ended (the HTTP status, the duration). Appended to the store's `audit_trail`, never updated; each
/// record carries the SHA-256 of the one before (`AuditChain`).
public struct AuditRecord: Sendable, Hashable {
    public var recordedAt: Instant
    public var requestID: String
    public var clientID: String?
    public var subject: String?
    public var fhirUser: String?
    /// The caller's address.
    public var source: String?
    /// The FHIR interaction (`read`, `search-type`, `create`, `transaction`, …), the operation (`$export`),
    /// a native API verb (`native-read`, …) or the gateway's own (`token`, `audit-prune`).
    public var interaction: String
    public var resourceType: String?
    /// `Type/id` of each resource touched, in the order met, without repeats.
    public var entities: [String]
    /// The ids of the Patients whose compartment those resources are in.
    public var patients: [String]
    /// The names of the query's parameters (`patient`, `_count`), never their values.
    public var parameters: [String]
    public var status: Int
    public var durationMicroseconds: Int64

    public init(recordedAt: Instant, requestID: String, clientID: String? = nil, subject: String? = nil,
                fhirUser: String? = nil, source: String? = nil, interaction: String, resourceType: String? = nil,
                entities: [String] = [], patients: [String] = [], parameters: [String] = [], status: Int,
                durationMicroseconds: Int64) {
        self.recordedAt = recordedAt
        self.requestID = requestID
        self.clientID = clientID
        self.subject = subject
        self.fhirUser = fhirUser
        self.source = source
        self.interaction = interaction
        self.resourceType = resourceType
        self.entities = entities
        self.patients = patients
        self.parameters = parameters
        self.status = status
        self.durationMicroseconds = durationMicroseconds
    }
}

/// A record as the trail holds it: its place (`sequence`, from 1, without gaps) and its link in the
/// hash chain.
public struct StoredAuditRecord: Sendable, Hashable {
    public var sequence: Int64
    public var record: AuditRecord
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, record: AuditRecord, previousHash: String, hash: String) {
        self.sequence = sequence
        self.record = record
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// Which records to read, newest first: a time range (`from` inclusive, `to` exclusive), an agent (a
/// client id, a subject or a `fhirUser`), an entity (`Patient/3`), a patient id, all of those given;
/// `before` a sequence number, for the next page.
public struct AuditQuery: Sendable, Hashable {
    public var from: Instant?
    public var to: Instant?
    public var agent: String?
    public var entity: String?
    public var patient: String?
    public var before: Int64?
    public var limit: Int

    public init(from: Instant? = nil, to: Instant? = nil, agent: String? = nil, entity: String? = nil,
                patient: String? = nil, before: Int64? = nil, limit: Int = 50) {
        self.from = from
        self.to = to
        self.agent = agent
        self.entity = entity
        self.patient = patient
        self.before = before
        self.limit = limit
    }
}

/// A stretch of the trail in sequence order, for `audit verify`, with the last pruned record's place
/// and hash (nil while nothing was pruned): the first record kept must name that hash.
public struct AuditChainPage: Sendable, Hashable {
    public var records: [StoredAuditRecord]
    public var anchorSequence: Int64?
    public var anchorHash: String?

    public init(records: [StoredAuditRecord], anchorSequence: Int64?, anchorHash: String?) {
        self.records = records
        self.anchorSequence = anchorSequence
        self.anchorHash = anchorHash
    }
}
