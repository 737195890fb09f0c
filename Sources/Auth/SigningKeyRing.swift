public import Foundation
public import Store

/// The gateway's own keys for signing the access tokens it issues to backend clients: made on first
/// use, kept in the store's metadata (`auth/signing-keys`, one JSON document) so every node signs with
/// the same key and checks the others' tokens, published as a JWKS at `/.well-known/jwks.json`, and
/// rotated with `health-gateway keys rotate`: the new key signs from then on, and a retired key stays
/// published until every token it signed has expired.
public struct SigningKeyRing: Sendable, Codable, Equatable {
    static let metadataKey = "auth/signing-keys"

    /// One P-256 key (ES256, RFC 7518 §3.4).
    public struct Key: Sendable, Codable, Equatable {
        public var kid: String
        var privateKeyPEM: String
        /// Seconds since 1970.
        public var createdAt: Double
        /// When a newer key took over; nil for the key that signs now.
        public var retiredAt: Double?

        enum CodingKeys: String, CodingKey {
            case kid, privateKeyPEM = "private_key_pem", createdAt = "created_at", retiredAt = "retired_at"
        }

        static func new(at now: Date) -> Key {
            let kid = "gw-" + String(UUID().uuidString.lowercased().prefix(8))
            let issuer = TokenIssuer(issuer: "", kid: kid)
            return Key(kid: kid, privateKeyPEM: issuer.privateKeyPEM, createdAt: now.timeIntervalSince1970.rounded(.down))
        }
    }

    /// Newest first; the first signs.
    public var keys: [Key]

    /// The ring in the store, made (with one new key) when there is none yet. Nodes starting together
    /// agree: the first ring written wins and every node reads that one back.
    public static func current(in store: any HealthStore, now: Date = Date()) async throws -> SigningKeyRing {
        if let ring = try await stored(in: store) { return ring }
        let fresh = SigningKeyRing(keys: [.new(at: now)])
        try await store.apply([.addMetadata(key: metadataKey, value: try fresh.encoded())])
        guard let ring = try await stored(in: store) else {
            throw StoreError.fault("the gateway's signing keys were written but cannot be read back")
        }
        return ring
    }

    static func stored(in store: any HealthStore) async throws -> SigningKeyRing? {
        guard let text = try await store.metadata(metadataKey) else { return nil }
        do {
            return try JSONDecoder().decode(SigningKeyRing.self, from: Data(text.utf8))
        } catch {
            throw StoreError.fault("the gateway's signing keys (\(metadataKey)) cannot be read: \(error)")
        }
    }

    /// Puts a new key first and retires the one signing now; forgets keys retired more than `keep`
    /// seconds ago (their tokens have expired). Saved in the store; returns the new ring.
    public static func rotate(in store: any HealthStore, keep: TimeInterval, now: Date = Date()) async throws
        -> SigningKeyRing
    {
        var ring = try await current(in: store, now: now)
        let stamp = now.timeIntervalSince1970.rounded(.down)
        ring.keys = ring.keys.compactMap { key in
            var key = key
            if key.retiredAt == nil { key.retiredAt = stamp }
            return stamp - (key.retiredAt ?? stamp) > keep ? nil : key
        }
        ring.keys.insert(.new(at: now), at: 0)
        try await store.apply([.setMetadata(key: metadataKey, value: try ring.encoded())])
        return ring
    }

    /// The key that signs now.
    public var signingKey: Key? { keys.first { $0.retiredAt == nil } ?? keys.first }

    /// What signs tokens with the current key.
    func issuer(named name: String) throws(AuthConfigurationError) -> TokenIssuer {
        guard let key = signingKey else { throw .missing("a signing key") }
        return try TokenIssuer(issuer: name, kid: key.kid, privateKeyPEM: key.privateKeyPEM)
    }

    /// The public keys as a JWKS (RFC 7517 §5): every key of the ring, the retired ones too.
    public func publicJWKS() throws(AuthConfigurationError) -> String {
        var members: [String] = []
        for key in keys {
            let issuer = try TokenIssuer(issuer: "", kid: key.kid, privateKeyPEM: key.privateKeyPEM)
            members.append(issuer.publicJWK)
        }
        return #"{"keys":[\#(members.joined(separator: ","))]}"#
    }

    func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
