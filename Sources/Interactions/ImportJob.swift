public import NativeModel

/// An asynchronous NDJSON import (`$import`, in the style of FHIR Bulk Data,
/// http://hl7.org/fhir/uv/bulkdata/): where its input is, how far it got and what it did. Kept in the
/// store's metadata (`import-job/{id}`) and written in step with the data: a job survives a restart
/// and resumes after the last chunk it committed.
public struct ImportJob: Codable, Sendable, Hashable {
    public enum Status: String, Codable, Sendable {
        case queued, running, completed, failed
    }

    public var id: String
    public var status: Status
    /// The request that started it (the Bulk Data manifest's `request`).
    public var request: String
    /// The server's base URL, to read absolute references to its own Patients.
    public var serverBase: String?
    /// The NDJSON files imported, in order: one subject directory spans them, so an Observation file
    /// may refer to the Patients of the file before it.
    public var inputs: [ImportInput]
    /// The file being imported (`inputs.count` once all are done).
    public var inputIndex = 0
    /// The offset in that file up to which every line is committed.
    public var position: Int64 = 0
    /// How many lines of that file come before `position`.
    public var lines = 0
    /// The lines of the files before it.
    public var linesBefore = 0
    /// The length of the error file when `position` was committed.
    public var errorBytes: Int64 = 0
    public var counts = ImportCounts()
    /// Milliseconds since 1970 (`Instant` has no Codable form of its own).
    private var submitted: Int64
    private var finished: Int64?
    /// Why a failed job stopped.
    public var message: String?
    /// `bytesDone` when the job was last resumed after a stop, and how many resumes in a row found it
    /// there: a job whose input stops the process must not stop it again at every start
    /// (`ImportJobs.resumeUnfinished`). Nil until the first resume.
    public var resumedAtBytes: Int64?
    public var resumesWithoutProgress: Int?
    /// Which claim on the job runs it: 1 for the node that started it, one more for each node that
    /// took it over since (`ImportJobs.claim`). A run whose claim is no longer the job's stops.
    public var claim: Int?
    /// When the node running the job last saved it (milliseconds since 1970): after every chunk. A
    /// job unfinished and unsaved for longer than `ImportLimits.leaseSeconds` has lost its node, and
    /// any node takes it over.
    private var heartbeat: Int64?

    public init(id: String, request: String, serverBase: String?, inputs: [ImportInput], submittedAt: Instant) {
        self.id = id
        self.status = .queued
        self.request = request
        self.serverBase = serverBase
        self.inputs = inputs
        self.submitted = submittedAt.millisecondsSince1970
    }

    public var submittedAt: Instant { Instant(millisecondsSince1970: submitted) }

    public var finishedAt: Instant? {
        get { finished.map { Instant(millisecondsSince1970: $0) } }
        set { finished = newValue?.millisecondsSince1970 }
    }

    /// When the job was last saved by the node running it; its submission until then.
    public var heartbeatAt: Instant {
        get { Instant(millisecondsSince1970: heartbeat ?? submitted) }
        set { heartbeat = newValue.millisecondsSince1970 }
    }

    public var inputBytes: Int64 { inputs.reduce(0) { $0 + $1.bytes } }

    /// The bytes of input committed.
    public var bytesDone: Int64 { inputs.prefix(inputIndex).reduce(0) { $0 + $1.bytes } + position }

    /// All lines committed.
    public var linesDone: Int { linesBefore + lines }

    /// The share of the input committed, from 0 to 1.
    public var progress: Double {
        inputBytes > 0 ? min(1, Double(bytesDone) / Double(inputBytes)) : (status == .completed ? 1 : 0)
    }

    /// `X-Progress` (http://hl7.org/fhir/uv/bulkdata/export.html#response---in-progress-status).
    public var progressText: String {
        let percent = Int((progress * 100).rounded(.down))
        return "\(status.rawValue): \(percent)% (\(linesDone) lines, \(counts.total.total - counts.total.skipped) resources)"
    }
}

/// One NDJSON file of an import job.
public struct ImportInput: Codable, Sendable, Hashable {
    public var path: String
    public var bytes: Int64
    /// Whether the file is the job's own copy (an uploaded body, a decompressed file), removed when the job ends.
    public var owned: Bool
    /// The name errors give the file by; nil for an uploaded body, whose lines are numbered alone.
    public var name: String?
    /// Whether the lines are a Bundle's entries (`ImportBundleLines`): errors then name `Bundle.entry[i]`.
    public var entries: Bool

    public init(path: String, bytes: Int64, owned: Bool, name: String? = nil, entries: Bool = false) {
        self.path = path
        self.bytes = bytes
        self.owned = owned
        self.name = name
        self.entries = entries
    }
}
