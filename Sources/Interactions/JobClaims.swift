import NativeModel
import Store

/// A job any node may take over: its claim's number and when its node last saved it.
protocol ClaimableJob: Sendable {
    var id: String { get }
    var claim: Int? { get set }
    var heartbeatAt: Instant { get set }
}

extension ImportJob: ClaimableJob {}
extension ExportJob: ClaimableJob {}

/// The claims on the jobs (imports, exports) that any node sharing a store may run: each claim on a job
/// has a number, one more than the last, and the first node to add that number to the store's metadata
/// wins it (`addMetadata` keeps the first value written), so nodes that look for abandoned jobs at once
/// never run one twice.
struct JobClaims: Sendable {
    /// The metadata prefix of the claims (`import-claim/`); a claim's key is `{prefix}{job}/{number}`.
    let prefix: String
    /// This process among the nodes: what its claims say.
    let node: String

    /// Claims number `number` on job `id`; whether this node won it.
    func win(_ id: String, number: Int, in store: some HealthStore) async throws -> Bool {
        let key = prefix + id + "/\(number)"
        try await store.apply([.addMetadata(key: key, value: node)])
        return try await store.metadata(key) == node
    }

    /// `job` claimed for this node with the next claim number, its heartbeat `now`; nil when another
    /// node won that claim.
    func claim<Job: ClaimableJob>(_ job: Job, now: Instant, in store: some HealthStore) async throws -> Job? {
        let number = (job.claim ?? 0) + 1
        guard try await win(job.id, number: number, in: store) else { return nil }
        var claimed = job
        claimed.claim = number
        claimed.heartbeatAt = now
        return claimed
    }

    /// The writes that remove the job kept under `jobKey` and every claim on it.
    func removal(of id: String, jobKey: String, in store: some HealthStore) async throws -> [WriteOperation] {
        let claims = try await store.metadata(prefix: prefix + id + "/").keys
        return [.removeMetadata(key: jobKey)] + claims.map { .removeMetadata(key: $0) }
    }
}
