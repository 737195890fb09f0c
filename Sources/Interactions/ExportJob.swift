public import Access
public import NativeModel

/// A Bulk Data export (http://hl7.org/fhir/uv/bulkdata/export.html): what it was asked, for whom, how
/// far it got and the files it wrote. Kept in the store's metadata (`export-job/{id}`), so any node
/// answers its status, serves its files and takes it over when the node running it stops.
public struct ExportJob: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case queued, running, completed, failed
    }

    public var id: String
    public var status: Status
    public var request: ExportRequest
    /// The caller's policy: the job reads what it allows, and only the same holder sees the job.
    public var access: AccessPolicy
    /// The server's base URL, for the manifest's links.
    public var serverBase: String
    /// The moment of the snapshot the files reflect (`WriteClock`); nil until the job has opened it.
    public var transactionTime: Instant? {
        get { transaction.map { Instant(millisecondsSince1970: $0) } }
        set { transaction = newValue?.millisecondsSince1970 }
    }
    /// The files written, in order.
    public var outputs: [ExportOutput] = []
    /// The resources written so far (by the current run).
    public var resources = 0
    /// The type being written.
    public var currentType: String?
    /// Why a failed job stopped.
    public var message: String?
    /// How many times a run was started over after its node stopped (`ExportJobs.resumeUnfinished`).
    public var restarts = 0
    /// Which claim on the job runs it (as for import jobs, `ImportJob.claim`).
    public var claim: Int?
    /// Milliseconds since 1970 (`Instant` has no Codable form of its own).
    private var transaction: Int64?
    private var submitted: Int64
    private var finished: Int64?
    private var heartbeat: Int64?

    public init(id: String, request: ExportRequest, access: AccessPolicy, serverBase: String, submittedAt: Instant) {
        self.id = id
        self.status = .queued
        self.request = request
        self.access = access
        self.serverBase = serverBase
        self.submitted = submittedAt.millisecondsSince1970
    }

    public var submittedAt: Instant { Instant(millisecondsSince1970: submitted) }

    public var finishedAt: Instant? {
        get { finished.map { Instant(millisecondsSince1970: $0) } }
        set { finished = newValue?.millisecondsSince1970 }
    }

    /// When the node running the job last saved it; its submission until then.
    public var heartbeatAt: Instant {
        get { Instant(millisecondsSince1970: heartbeat ?? submitted) }
        set { heartbeat = newValue.millisecondsSince1970 }
    }

    /// `X-Progress` (http://hl7.org/fhir/uv/bulkdata/export.html#response---in-progress-status).
    public var progressText: String {
        var text = "\(status.rawValue): \(resources) resources written"
        if let currentType { text += ", exporting \(currentType)" }
        return text
    }

    /// How many times a job is started over after its node stopped before it is failed instead.
    public static var maximumRestarts: Int { 3 }

    /// The file of the warnings of lenient handling, when the request has any: one OperationOutcome.
    public static var warningsFile: String { "OperationOutcome-1.ndjson" }

    /// Whether the caller holding `access` may see the job: the holder that started it (everyone
    /// when authorization is off).
    public func belongs(to access: AccessPolicy) -> Bool {
        self.access.isUnrestricted ? access.isUnrestricted : (!access.isUnrestricted && access.holder == self.access.holder)
    }
}

/// One NDJSON file of an export.
public struct ExportOutput: Codable, Sendable, Hashable {
    public var type: String
    /// The file's name in the job's folder (`Observation-2.ndjson`).
    public var file: String
    public var count: Int

    public init(type: String, file: String, count: Int) {
        self.type = type
        self.file = file
        self.count = count
    }
}
