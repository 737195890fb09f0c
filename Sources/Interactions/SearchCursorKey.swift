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
}
