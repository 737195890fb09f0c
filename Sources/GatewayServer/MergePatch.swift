import Foundation
import HTTPTypes
import NativeModel
import Store

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

    /// Applies the patch to the latest version: reads, merges and writes expecting the version it read.
    /// A merge patch without `If-Match` is not conditional, so when another write got in between, it
    /// reads and merges again instead of failing. An attempt fails only when another write succeeded
    /// since its read, so up to `attempts` patches of one record at once all apply; beyond, 409.
    static func applyToLatest<Record: NativeRecord, Output>(
        _ patchBody: Data, attempts: Int = 10,
        read: () async throws -> (record: Record, version: Int),
        write: (Record, Int) async throws -> Output
    ) async throws -> Output {
        var attempt = 1
        while true {
            let current = try await read()
            do {
                return try await write(try apply(patchBody, to: current.record), current.version)
            } catch StoreError.versionMismatch {
                guard attempt < attempts else {
                    throw APIError(.conflict, code: "concurrent_update",
                                   "the record changed \(attempts) times while the patch was applied; send it again")
                }
                attempt += 1
            }
        }
    }
}
