import Hummingbird
import HTTPTypes
import NativeModel

/// A response with a JSON body in the native API's form.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, location: String? = nil) throws -> Response {
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
