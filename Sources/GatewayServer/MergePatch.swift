import Foundation
import HTTPTypes
import NativeModel

/// Partial updates: the stored record's JSON form, without the members the server computes, merged
/// with the client's JSON Merge Patch (RFC 7396) and then checked exactly like a full replacement.
enum MergePatch {
    static func apply<Record: NativeRecord>(_ patchBody: Data, to current: Record) throws -> Record {
        let patch = try NativeJSON.decode(JSONValue.self, from: patchBody)
        guard case .object = patch else {
            throw APIError(.badRequest, code: ValidationIssue.Code.malformedJSON.rawValue,
                           "a merge patch must be a JSON object")
        }
        let base = try NativeJSON.decode(JSONValue.self, from: try NativeJSON.encode(current))
            .removing(keys: Record.derivedKeys.union(Record.rowKeys))
        let merged = base.merging(patch.removing(keys: Record.rowKeys))
        return try NativeJSON.decode(Record.self, from: try NativeJSON.encode(merged))
    }
}
