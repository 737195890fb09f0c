import Crypto
import Foundation
public import Store

/// The key search cursors are signed with: 32 random bytes kept in the store's metadata
/// (`search-cursor-key`), so cursors outlive a restart and every gateway node on the same database
/// accepts the others' cursors. Made on first use; when two nodes make one at once, the first written
/// wins (`addMetadata`) and both read it back.
public actor SearchCursorKey<Store: HealthStore> {
    static var metadataKey: String { "search-cursor-key" }

    private let store: Store
    private var key: Data?

    public init(store: Store) {
        self.store = store
    }

    /// The key's bytes (a `SymmetricKey` is not `Sendable`; callers make one of these).
    func value() async throws -> Data {
        if let key { return key }
        if let stored = try await store.metadata(Self.metadataKey), let data = Data(base64Encoded: stored), data.count == 32 {
            key = data
            return data
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
        try await store.apply([.addMetadata(key: Self.metadataKey, value: fresh)])
        return try await value()
    }

    /// `text` signed for a caller (`binding`: the caller's `AccessPolicy.fingerprint`), so a history
    /// cursor replayed under a token that grants other things is refused. Without a binding (no
    /// authorization) the text is returned as it is.
    public func seal(_ text: String, binding: String) async throws -> String {
        guard !binding.isEmpty else { return text }
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(binding)\n\(text)".utf8), using: SymmetricKey(data: try await value()))
        return text + "~" + Base64URL.encode(Data(code))
    }

    /// The text of a cursor `seal` made for `binding`; nil when it was made for another caller or altered.
    public func open(_ sealed: String, binding: String) async throws -> String? {
        guard !binding.isEmpty else { return sealed }
        guard let tilde = sealed.lastIndex(of: "~"), let signature = Base64URL.data(sealed[sealed.index(after: tilde)...])
        else { return nil }
        let text = String(sealed[..<tilde])
        let valid = HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data("\(binding)\n\(text)".utf8),
                                                           using: SymmetricKey(data: try await value()))
        return valid ? text : nil
    }
}
