import Access
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
        group.get("users/:userID/history", use: history)
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try NativeAccess<Store>(policy: context.access).check(.create, .users, user: nil, missing: APIError.notFound("user", 0))
        let record = try await request.decodeJSON(UserRecord.self, limit: maxBodySize)
        let outcome = try await store.apply([.createUser(record)])[0]
        let stored = StoredUser(id: outcome.id, meta: outcome.meta, record: record)
        return try JSONResponse.make(stored, status: .created, location: "/api/v1/users/\(outcome.id)")
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try ListQuery(request, allowsTimeRange: false)
        if let allowed = try NativeAccess<Store>(policy: context.access).listableUsers() {
            // A patient's token lists that patient: a page of the few users its compartments hold.
            var users: [StoredUser] = []
            for id in allowed.sorted() where id > (query.page.after?.id ?? 0) {
                if let user = try await store.user(id: id) { users.append(user) }
            }
            return try JSONResponse.make(ListPage(data: Array(users.prefix(query.page.limit)), nextCursor: nil, next: nil))
        }
        let page = try await store.users(query.page)
        return try JSONResponse.make(ListPage(data: page.items, nextCursor: page.next.map(PageCursor.encode),
                                              next: page.next.map { query.nextLink(path: request.uri.path, next: $0) }))
    }

    @Sendable func read(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try check(.read, context)
        return try JSONResponse.make(try await existingUser(context))
    }

    @Sendable func replace(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.rowID("userID")
        try check(.update, context)
        let record = try await request.decodeJSON(UserRecord.self, limit: maxBodySize)
        return try await write(record, id: id)
    }

    @Sendable func patch(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try check(.update, context)
        let body = try await request.jsonBody(limit: maxBodySize)
        let id = try context.parameters.rowID("userID")
        return try await MergePatch.applyToLatest(body) {
            let current = try await existingUser(context)
            return (current.record, current.meta.version)
        } write: { record, version in
            try await write(record, id: id, expectedVersion: version)
        }
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        try check(.delete, context)
        try await store.apply([.deleteUser(id: try context.parameters.rowID("userID"))])
        return Response(status: .noContent)
    }

    /// The user's versions, newest first: what each update replaced and the deletion, while history
    /// keeps them (also after the user is deleted).
    @Sendable func history(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.rowID("userID")
        try check(.read, context)
        let query = try ListQuery(request, allowsTimeRange: false)
        let page = try await store.history(of: .users, id: id, page: query.page)
        if page.items.isEmpty, query.page.after == nil { throw APIError.notFound("user", id) }
        return try JSONResponse.make(ListPage(data: try page.items.map(HistoryEntry.init), nextCursor: page.next.map(PageCursor.encode),
                                              next: page.next.map { query.nextLink(path: request.uri.path, next: $0) }))
    }

    private func write(_ record: UserRecord, id: Int64, expectedVersion: Int? = nil) async throws -> Response {
        let outcome = try await store.apply([.updateUser(id: id, record, expectedVersion: expectedVersion)])[0]
        return try JSONResponse.make(StoredUser(id: id, meta: outcome.meta, record: record))
    }

    /// The caller's scopes must cover `verb` on the user of the path; a user out of reach does not exist.
    private func check(_ verb: AccessVerb, _ context: GatewayRequestContext) throws {
        let id = try context.parameters.rowID("userID")
        try NativeAccess<Store>(policy: context.access).check(verb, .users, user: id, missing: APIError.notFound("user", id))
    }

    private func existingUser(_ context: GatewayRequestContext) async throws -> StoredUser {
        let id = try context.parameters.rowID("userID")
        guard let user = try await store.user(id: id) else { throw APIError.notFound("user", id) }
        return user
    }
}
