import Foundation
public import Hummingbird
public import HTTPTypes
public import NativeModel

/// The one error shape of the native API: a status, a machine-readable code, a message that names
/// the field, and for several problems at once every one of them:
///
///     {"error": {"status": 422, "code": "out_of_range", "field": "value",
///                "message": "value: glucose value of 10000 mg/dL is outside the plausible range 10–1500 mg/dL"}}
///
/// It renders itself (`HTTPResponseError`); `APIErrorMiddleware` turns every other error into one.
public struct APIError: Error, Sendable, HTTPResponseError {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    /// Every problem, when there are several.
    public var details: [ValidationIssue]
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil,
                details: [ValidationIssue] = [], headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = details
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json"
        let body = Body(error: .init(status: Int(status.code), code: code, message: message, field: field,
                                     details: details.count > 1 ? details.map(Body.Detail.init) : nil))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(body)) ?? Data(#"{"error":{"code":"internal_error"}}"#.utf8)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    struct Body: Codable {
        struct Content: Codable {
            var status: Int
            var code: String
            var message: String
            var field: String?
            var details: [Detail]?
        }

        struct Detail: Codable {
            var code: String
            var field: String
            var message: String

            init(_ issue: ValidationIssue) {
                code = issue.code.rawValue
                field = issue.field
                message = issue.message
            }
        }

        var error: Content
    }
}
