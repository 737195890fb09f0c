import Hummingbird
import HTTPTypes
import NativeModel
import Store

/// `/api/v1/users`: create, list, read, replace (`PUT`), partially update (`PATCH`, JSON Merge Patch)
/// and delete (cascading to every measurement of the user).
struct UsersController<Store: HealthStore> {
    let store: Store
    let maxBodySize: Int

    func register(on group: RouterGroup<GatewayRequestContext>) {
        group.post("users", use: create)
        group.get("users", use: list)
        group.get("users/:userID", use: read)
        group.put("users/:userID", use: replace)
        group.patch("users/:userID", use: patch)
        group.delete("users/:userID", use: delete)
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let record = try await request.decodeJSON(UserRecord.self, limit: maxBodySize)
        let outcome = try await store.apply([.createUser(record)])[0]
        let stored = StoredUser(id: outcome.id, meta: outcome.meta, record: record)
        return try JSONResponse.make(stored, status: .created, location: "/api/v1/users/\(outcome.id)")
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request, allowsTimeRange: false)
        let page = try await store.users(query.page)
        return try JSONResponse.make(ListPage(data: page.items, nextCursor: page.next.map(PageCursor.encode),
                                              next: page.next.map { query.nextLink(path: request.uri.path, next: $0) }))
    }

    @Sendable func read(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try JSONResponse.make(try await existingUser(context))
    }

    @Sendable func replace(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.rowID("userID")
        let record = try await request.decodeJSON(UserRecord.self, limit: maxBodySize)
        return try await write(record, id: id)
    }

    @Sendable func patch(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let current = try await existingUser(context)
        let record = try MergePatch.apply(try await request.jsonBody(limit: maxBodySize), to: current.record)
        return try await write(record, id: current.id, expectedVersion: current.meta.version)
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try await store.apply([.deleteUser(id: try context.parameters.rowID("userID"))])
        return Response(status: .noContent)
    }

    private func write(_ record: UserRecord, id: Int64, expectedVersion: Int? = nil) async throws -> Response {
        let outcome = try await store.apply([.updateUser(id: id, record, expectedVersion: expectedVersion)])[0]
        return try JSONResponse.make(StoredUser(id: id, meta: outcome.meta, record: record))
    }

    private func existingUser(_ context: GatewayRequestContext) async throws -> StoredUser {
        let id = try context.parameters.rowID("userID")
        guard let user = try await store.user(id: id) else { throw APIError.notFound("user", id) }
        return user
    }
}
