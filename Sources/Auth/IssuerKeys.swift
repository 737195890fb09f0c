import Foundation
import JWTKit

/// The issuer's public keys, by `kid` and algorithm. Each (kid, algorithm) pair has a key collection of
/// its own holding just that key with that algorithm, so a token is checked only with the key it
/// names and only with an algorithm that key's type and curve are for: a token cannot pick another
/// key (jwt-kit would fall back to a default key for an unknown kid), nor use an RSA key's public
/// bytes as an HMAC secret, nor `alg: none`.
actor IssuerKeys {
    /// The algorithms tokens may be signed with (issue 20; RFC 9068 §4 requires asymmetric ones).
    static let acceptedAlgorithms: Set<String> = ["RS256", "RS384", "ES256", "ES384"]
    /// Reads the key set's bytes; throws a `TokenError`.
    let read: @Sendable () async throws -> Data
    /// Whether the key set may have changed since it was read (a JWKS URL, the gateway's own keys in
    /// the store): then a token naming an unknown key makes it read again.
    let changes: Bool
    /// The shortest time between two reads of a key set that changes: a stream of tokens naming unknown
    /// keys must not become a stream of requests to the issuer.
    let refetchInterval: TimeInterval
    private var collections: [String: [String: JWTKeyCollection]] = [:]
    private var lastFetch: Date?

    init(source: JWKSSource, refetchInterval: TimeInterval) {
        read = { try await source.load() }
        if case .url = source { changes = true } else { changes = false }
        self.refetchInterval = refetchInterval
    }

    /// Keys read by `read` when first needed, and again for an unknown key.
    init(read: @escaping @Sendable () async throws -> Data, refetchInterval: TimeInterval) {
        self.read = read
        changes = true
        self.refetchInterval = refetchInterval
    }

    /// Reads the key set; throws when it cannot be read or holds no usable key.
    func load() async throws(TokenError) {
        let data: Data
        do {
            data = try await read()
        } catch let error as TokenError {
            throw error
        } catch {
            throw .keysUnavailable("\(error)")
        }
        guard let set = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let keys = set["keys"] as? [[String: Any]]
        else {
            throw .keysUnavailable("the key set is not a JWKS (RFC 7517 §5)")
        }
        var collections: [String: [String: JWTKeyCollection]] = [:]
        for member in keys where (member["use"] as? String ?? "sig") == "sig" {
            guard let bytes = try? JSONSerialization.data(withJSONObject: member),
                  let jwk = try? JSONDecoder().decode(JWK.self, from: bytes), let kid = jwk.keyIdentifier?.string
            else { continue }
            for algorithm in Self.algorithms(of: jwk) {
                var key = jwk
                key.algorithm = JWK.Algorithm(rawValue: algorithm)
                let collection = JWTKeyCollection()
                do {
                    try await collection.add(jwk: key)
                    _ = try await collection.getKey(for: JWKIdentifier(string: kid), alg: algorithm)
                } catch {
                    continue  // a key jwt-kit cannot use (a broken modulus, a point off the curve)
                }
                collections[kid, default: [:]][algorithm] = collection
            }
        }
        guard !collections.isEmpty else {
            throw .keysUnavailable("the key set has no RSA or P-256/P-384 key with a 'kid'")
        }
        self.collections = collections
        lastFetch = Date()
    }

    /// The collection to verify a token of `kid` and `algorithm` with; for a kid not known, the key set
    /// is read again first (when it can change, at most once every `refetchInterval`).
    func collection(kid: String, algorithm: String) async throws(TokenError) -> JWTKeyCollection {
        if collections[kid] == nil, changes,
           lastFetch.map({ Date().timeIntervalSince($0) >= refetchInterval }) ?? true
        {
            try await load()
        }
        guard let byAlgorithm = collections[kid] else { throw .unknownKey(kid) }
        guard let collection = byAlgorithm[algorithm] else {
            throw .algorithmNotAccepted("\(algorithm) with key \(kid)")
        }
        return collection
    }

    /// The accepted algorithms a JWK can verify: its own `alg` if it names one, else those of its type
    /// (RSA: RS256 and RS384; EC: ES256 on P-256, ES384 on P-384). (Keys for encryption, `use: enc`,
    /// are skipped before.)
    static func algorithms(of jwk: JWK) -> [String] {
        let byType: [String]
        switch jwk.keyType {
        case .rsa: byType = ["RS256", "RS384"]
        case .ecdsa:
            switch jwk.curve?.rawValue {
            case "P-256": byType = ["ES256"]
            case "P-384": byType = ["ES384"]
            default: byType = []
            }
        default: byType = []
        }
        guard let declared = jwk.algorithm?.rawValue else { return byType }
        return byType.contains(declared) ? [declared] : []
    }
}
