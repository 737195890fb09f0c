import Hummingbird
import Mapping
import HTTPTypes
import NativeModel

/// A response with a JSON body in the native API's form.
enum JSONResponse {
    /// What the body shows of people's data is noted in the request's audit record (`AuditScope`).
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
        if let scope = AuditScope.current, let shown = value as? any AuditedPayload { shown.touch(scope) }
        var headers: HTTPFields = [.contentType: "application/json"]
        if let location { headers[.location] = location }
        let data = try NativeJSON.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// One page of a list: the items, and where the next page is when there is one.
struct ListPage<Item: Encodable & Sendable>: Encodable {
    var data: [Item]
    var nextCursor: String?
    var next: String?

    enum CodingKeys: String, CodingKey {
        case data, nextCursor = "next_cursor", next
    }
}

/// A native API body that shows users or measurement rows: what it names in an audit record.
protocol AuditedPayload {
    func touch(_ scope: AuditScope)
}

extension StoredUser: AuditedPayload {
    func touch(_ scope: AuditScope) { scope.touch(entity: "Patient/\(id)", patient: String(id)) }
}

extension StoredMeasurement: AuditedPayload {
    func touch(_ scope: AuditScope) {
        for reference in AuditReferences.references(table: Record.table, row: id) {
            scope.touch(entity: reference, patient: String(userID))
        }
    }
}

extension ListPage: AuditedPayload {
    func touch(_ scope: AuditScope) {
        for item in data { (item as? any AuditedPayload)?.touch(scope) }
    }
}
