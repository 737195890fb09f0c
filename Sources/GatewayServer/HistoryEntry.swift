import Foundation
import NativeModel
import Store

/// One version in a native history list: `{"version", "change", "created_at", "recorded_at", "record"}`,
/// `record` being the row's JSON form at that version (absent for a deletion).
struct HistoryEntry: Encodable, Sendable {
    var version: Int
    var change: String
    var createdAt: String
    var recordedAt: String
    var record: JSONValue?

    init(_ version: RowVersion) throws {
        self.version = version.version
        change = version.change.rawValue
        createdAt = version.meta.createdAt.description
        recordedAt = version.meta.updatedAt.description
        record = try version.content.map { try NativeJSON.decode(JSONValue.self, from: $0) }
    }

    enum CodingKeys: String, CodingKey {
        case version, change, createdAt = "created_at", recordedAt = "recorded_at", record
    }
}
