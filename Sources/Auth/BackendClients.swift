import Foundation
public import Store

/// The registered backend clients, kept in the store's metadata under `auth/client/{id}` (one JSON
/// document each), so that every gateway node on the database knows the same clients
/// (`health-gateway clients add|list|remove`).
public struct BackendClients: Sendable {
    static let prefix = "auth/client/"
    let store: any HealthStore

    public init(store: any HealthStore) {
        self.store = store
    }

    /// Registers `client`, replacing a registration of the same id; returns whether one was replaced.
    @discardableResult
    public func register(_ client: BackendClient) async throws -> Bool {
        let replaced = try await self.client(client.id) != nil
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(client), as: UTF8.self)
        try await store.apply([.setMetadata(key: Self.prefix + client.id, value: text)])
        return replaced
    }

    /// The client registered as `id`; nil when there is none (or its record cannot be read).
    public func client(_ id: String) async throws -> BackendClient? {
        guard id.unicodeScalars.allSatisfy(BackendClient.isIDCharacter), !id.isEmpty, id.utf8.count <= 128,
              let text = try await store.metadata(Self.prefix + id)
        else { return nil }
        return try? JSONDecoder().decode(BackendClient.self, from: Data(text.utf8))
    }

    /// Every registered client, by id.
    public func all() async throws -> [BackendClient] {
        try await store.metadata(prefix: Self.prefix).values
            .compactMap { try? JSONDecoder().decode(BackendClient.self, from: Data($0.utf8)) }
            .sorted { $0.id < $1.id }
    }

    /// Removes the client `id`; its tokens already issued stay valid until they expire (at most
    /// `BackendServices.tokenLifetime`). Throws `BackendClientError.unknown` when there is none.
    public func remove(_ id: String) async throws {
        guard try await client(id) != nil else { throw BackendClientError.unknown(id) }
        try await store.apply([.removeMetadata(key: Self.prefix + id)])
    }
}
