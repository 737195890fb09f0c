import Access
import Hummingbird
import HTTPTypes
import NativeModel
import Store

/// `/api/v1/users/{userID}/<activities|sleep|blood-tests|vitals>`: one generic controller per measurement
/// table. A measurement is reachable only under the user it belongs to.
struct MeasurementController<Record: NativeAPIResource, Store: HealthStore> {
    let store: Store
    let maxBodySize: Int

    func register(on group: RouterGroup<GatewayRequestContext>) {
        let collection = RouterPath("users/:userID/\(Record.pathSegment)")
        let item = RouterPath("users/:userID/\(Record.pathSegment)/:id")
        group.post(collection, use: create)
        group.get(collection, use: list)
        group.get(item, use: read)
        group.put(item, use: replace)
        group.patch(item, use: patch)
        group.delete(item, use: delete)
    }

    @Sendable func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let userID = try context.parameters.rowID("userID")
        try check(.create, context, missing: APIError.notFound("user", userID))
        let record = try await request.decodeJSON(Record.self, limit: maxBodySize)
        let outcome = try await store.apply([.createMeasurement(record, owner: .id(userID))])[0]
        let stored = StoredMeasurement(id: outcome.id, userID: userID, meta: outcome.meta, record: record)
        return try JSONResponse.make(stored, status: .created,
                                     location: "/api/v1/users/\(userID)/\(Record.pathSegment)/\(outcome.id)")
    }

    @Sendable func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let userID = try context.parameters.rowID("userID")
        try check(.search, context, missing: APIError.notFound("user", userID))
        let query = try ListQuery(request, allowsTimeRange: true)
        guard try await store.user(id: userID) != nil else { throw APIError.notFound("user", userID) }
        let page = try await store.measurements(Record.self, userID: userID, in: query.range, page: query.page)
        return try JSONResponse.make(ListPage(data: page.items, nextCursor: page.next.map(PageCursor.encode),
                                              next: page.next.map { query.nextLink(path: request.uri.path, next: $0) }))
    }

    @Sendable func read(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.rowID("id")
        try check(.read, context, missing: APIError.notFound(Record.noun, id))
        return try JSONResponse.make(try await existing(context))
    }

    @Sendable func replace(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (userID, id) = try ids(context)
        try check(.update, context, missing: APIError.notFound(Record.noun, id))
        let record = try await request.decodeJSON(Record.self, limit: maxBodySize)
        return try await write(record, id: id, userID: userID)
    }

    @Sendable func patch(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (userID, id) = try ids(context)
        try check(.update, context, missing: APIError.notFound(Record.noun, id))
        let body = try await request.jsonBody(limit: maxBodySize)
        return try await MergePatch.applyToLatest(body) {
            let current = try await existing(context)
            return (current.record, current.meta.version)
        } write: { record, version in
            try await write(record, id: id, userID: userID, expectedVersion: version)
        }
    }

    @Sendable func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let (userID, id) = try ids(context)
        try check(.delete, context, missing: APIError.notFound(Record.noun, id))
        try await store.apply([.deleteMeasurement(Record.table, id: id, owner: .id(userID))])
        return Response(status: .noContent)
    }

    private func write(_ record: Record, id: Int64, userID: Int64, expectedVersion: Int? = nil) async throws -> Response {
        let outcome = try await store.apply([
            .updateMeasurement(id: id, record, owner: .id(userID), expectedVersion: expectedVersion),
        ])[0]
        return try JSONResponse.make(StoredMeasurement(id: id, userID: userID, meta: outcome.meta, record: record))
    }

    /// The caller's scopes must cover `verb` on this table's category for the user of the path; out of
    /// reach, the answer is `missing`, what a row or user that does not exist gets.
    private func check(_ verb: AccessVerb, _ context: GatewayRequestContext, missing: @autoclosure () -> APIError) throws {
        let userID = try context.parameters.rowID("userID")
        try NativeAccess<Store>(policy: context.access).check(verb, Record.table, user: userID, missing: missing())
    }

    private func ids(_ context: GatewayRequestContext) throws -> (userID: Int64, id: Int64) {
        (try context.parameters.rowID("userID"), try context.parameters.rowID("id"))
    }

    private func existing(_ context: GatewayRequestContext) async throws -> StoredMeasurement<Record> {
        let (userID, id) = try ids(context)
        guard let stored = try await store.measurement(Record.self, id: id), stored.userID == userID else {
            throw APIError.notFound(Record.noun, id)
        }
        return stored
    }
}
