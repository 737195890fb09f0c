import Crypto
import Foundation
import Synchronization

/// Identities of tokens already verified, by the SHA-256 of the token, until the token expires: a
/// signature check costs 60–90 µs (STACK-NOTES), as much as a whole read, so a client's second request
/// with the same token costs a hash and a lookup. Bounded: when full, expired entries go, and if that
/// frees nothing, everything does. The key is computed once per request (`key(of:)`) and asked of
/// every issuer's cache (`BearerTokenVerifier`): a known token costs one hash, nothing decoded.
final class VerifiedTokenCache: Sendable {
    static let capacity = 10_000
    typealias Key = SHA256Digest

    private let entries = Mutex<[Key: AuthIdentity]>([:])

    static func key(of token: Substring) -> Key {
        var token = token
        return token.withUTF8 { SHA256.hash(data: $0) }
    }

    func identity(for key: Key, now: Date) -> AuthIdentity? {
        entries.withLock { entries in
            guard let identity = entries[key] else { return nil }
            guard identity.expiresAt > now else {
                entries[key] = nil
                return nil
            }
            return identity
        }
    }

    func remember(_ identity: AuthIdentity, for key: Key, now: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity {
                entries = entries.filter { $0.value.expiresAt > now }
                if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = identity
        }
    }
}
