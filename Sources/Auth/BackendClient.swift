import Access
public import Foundation

/// A backend service registered to get tokens from the gateway itself (SMART Backend Services,
/// http://hl7.org/fhir/smart-app-launch/backend-services.html#registering-a-smart-backend-service):
/// its id (the `iss` and `sub` of its client assertions), the public keys its assertions are signed
/// with, and the scopes it may be granted. Kept in the store (`BackendClients`), so every node knows it.
public struct BackendClient: Sendable, Hashable, Codable {
    /// Where the client's public keys are: the key set itself, read from a file when the client was
    /// registered, or a URL the client publishes it at (fetched when needed, again for a new `kid`).
    public enum KeySet: Sendable, Hashable {
        case inline(String)
        case url(String)
    }

    public var id: String
    public var keys: KeySet
    /// The registered scopes, space-separated: `system/` scopes only.
    public var scope: String
    /// When the client was registered, seconds since 1970.
    public var registeredAt: Double

    /// A client checked for what a registration must hold: an id of 1 to 128 characters from
    /// `A-Z a-z 0-9 . _ ~ -`, at least one `system/` scope and only such scopes, and a key set that
    /// is a JWKS with a key for RS384 or ES384 (a URL is checked when it is first used).
    public init(id: String, keys: KeySet, scope: String, registeredAt: Date) throws(BackendClientError) {
        guard (1...128).contains(id.utf8.count), id.unicodeScalars.allSatisfy(Self.isIDCharacter) else {
            throw .invalid("the client id must be 1 to 128 of the characters A-Z a-z 0-9 . _ ~ -")
        }
        let scopes = scope.split(separator: " ")
        guard !scopes.isEmpty else { throw .invalid("a backend client needs at least one scope") }
        for text in scopes {
            guard let parsed = SMARTScope(String(text)), parsed.context == .system else {
                throw .invalid("'\(text)' is not a system/ scope; a backend client is registered with system/ scopes only")
            }
        }
        if case .inline(let text) = keys { try Self.checkKeySet(text) }
        self.id = id
        self.keys = keys
        self.scope = scopes.joined(separator: " ")
        self.registeredAt = registeredAt.timeIntervalSince1970.rounded(.down)
    }

    static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._~-".unicodeScalars.contains(scalar))
    }

    /// Throws unless `text` is a JWKS with at least one key a client assertion may be signed with.
    static func checkKeySet(_ text: String) throws(BackendClientError) {
        guard let set = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let keys = set["keys"] as? [[String: Any]]
        else { throw .invalid("the client's key set is not a JWKS (RFC 7517 §5: an object with 'keys')") }
        let usable = keys.contains { key in
            guard key["kid"] is String, (key["use"] as? String ?? "sig") == "sig" else { return false }
            switch key["kty"] as? String {
            case "RSA": return key["n"] is String && key["e"] is String
            case "EC": return key["crv"] as? String == "P-384" && key["x"] is String && key["y"] is String
            default: return false
            }
        }
        guard usable else {
            throw .invalid("the client's key set has no RSA or P-384 signing key with a 'kid' (RS384 or ES384)")
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, jwks, jwksURL = "jwks_url", scope, registeredAt = "registered_at"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        if let url = try container.decodeIfPresent(String.self, forKey: .jwksURL) {
            keys = .url(url)
        } else {
            keys = .inline(try container.decode(String.self, forKey: .jwks))
        }
        scope = try container.decode(String.self, forKey: .scope)
        registeredAt = try container.decode(Double.self, forKey: .registeredAt)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        switch keys {
        case .inline(let text): try container.encode(text, forKey: .jwks)
        case .url(let url): try container.encode(url, forKey: .jwksURL)
        }
        try container.encode(scope, forKey: .scope)
        try container.encode(registeredAt, forKey: .registeredAt)
    }
}

/// A registration that cannot be kept.
public enum BackendClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(String)
    case unknown(String)

    public var description: String {
        switch self {
        case .invalid(let why): return why
        case .unknown(let id): return "no backend client '\(id)' is registered"
        }
    }
}
