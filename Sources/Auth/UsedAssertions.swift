import Crypto
import Foundation
import Store
import Synchronization

/// The client assertions already used, so that none is accepted twice (RFC 7523 §3 item 7; SMART
/// Backend Services: "the authorization server SHALL … reject any JWT whose `jti` has been used before
/// and has not yet expired"). Kept in the store's metadata, `auth/jti/{client}/{SHA-256 of the jti}`,
/// so a replay to another node fails too: the first node to write a key wins, the others read back a
/// mark that is not theirs. Records are forgotten once their assertion has expired (every minute at
/// most, by whichever node is answering then); until then a `jti` stays used.
final class UsedAssertions: Sendable {
    static let prefix = "auth/jti/"
    static let pruneInterval: TimeInterval = 60
    let store: any HealthStore
    private let lastPrune = Mutex<Date?>(nil)

    init(store: any HealthStore) {
        self.store = store
    }

    /// Records `jti` of `client`'s assertion, valid until `expiresAt`; false when it was recorded before.
    func firstUse(client: String, jti: String, expiresAt: Date, now: Date) async throws -> Bool {
        let digest = SHA256.hash(data: Array(jti.utf8)).map { String(format: "%02x", $0) }.joined()
        let key = Self.prefix + client + "/" + digest
        let mark = "\(Int64(expiresAt.timeIntervalSince1970)) \(UUID().uuidString)"
        try await store.apply([.addMetadata(key: key, value: mark)])
        let first = try await store.metadata(key) == mark
        if pruneIsDue(now: now) {
            // Off the request's path: the records of the last minutes are read in one go.
            Task.detached { [self] in try? await prune(now: now) }
        }
        return first
    }

    /// Whether no prune started in the last minute (and if so, that one starts now).
    private func pruneIsDue(now: Date) -> Bool {
        lastPrune.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= Self.pruneInterval }) ?? true else { return false }
            last = now
            return true
        }
    }

    /// Forgets the records of assertions expired more than a minute ago.
    func prune(now: Date) async throws {
        let cutoff = Int64(now.timeIntervalSince1970 - Self.pruneInterval)
        let expired = try await store.metadata(prefix: Self.prefix).compactMap { key, value -> String? in
            guard let expiry = value.split(separator: " ").first.flatMap({ Int64($0) }), expiry < cutoff else { return nil }
            return key
        }
        // A thousand at a time: a backlog must not hold the writer for long from token requests' own writes.
        for start in stride(from: 0, to: expired.count, by: 1_000) {
            try await store.apply(expired[start..<min(start + 1_000, expired.count)].map { .removeMetadata(key: $0) })
        }
    }
}
