import Foundation
import Hummingbird
import HTTPTypes
import NativeModel

extension Request {
    /// The body, at most `limit` bytes (else 413), sent as JSON: a `Content-Type` other than JSON is 415.
    func jsonBody(limit: Int) async throws -> Data {
        if let contentType = headers[.contentType], !Self.isJSON(contentType) {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           "Content-Type '\(contentType)' is not JSON; send application/json")
        }
        let buffer = try await body.collect(upTo: limit)
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, code: ValidationIssue.Code.malformedJSON.rawValue, "the request body is empty")
        }
        return Data(buffer.readableBytesView)
    }

    /// Decodes the JSON body as `type`; every problem is a located 400 or 422.
    func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        try NativeJSON.decode(type, from: try await jsonBody(limit: limit))
    }

    /// `application/json`, `application/merge-patch+json` and any other `+json` type, with parameters.
    static func isJSON(_ contentType: String) -> Bool {
        let parameters = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)
        let mediaType = (parameters.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }
}
