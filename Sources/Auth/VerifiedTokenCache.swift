import Crypto
import Foundation
import Synchronization

/// Identities of tokens already verified, by the SHA-256 of the token, until the token expires: a
/// signature check costs 60–90 µs (STACK-NOTES), as much as a whole read, so a client's second request
/// with the same token costs a hash and a lookup. Bounded: when full, expired entries go, and if that
/// frees nothing, everything does.
final class VerifiedTokenCache: Sendable {
    static let capacity = 10_000

    private let entries = Mutex<[SHA256Digest: AuthIdentity]>([:])

    func identity(of token: Substring, now: Date) -> AuthIdentity? {
        let key = SHA256.hash(data: Array(token.utf8))
        return entries.withLock { entries in
            guard let identity = entries[key] else { return nil }
            guard identity.expiresAt > now else {
                entries[key] = nil
                return nil
            }
            return identity
        }
    }

    func remember(_ identity: AuthIdentity, of token: Substring, now: Date) {
        let key = SHA256.hash(data: Array(token.utf8))
        entries.withLock { entries in
            if entries.count >= Self.capacity {
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = identity
        }
    }
}
