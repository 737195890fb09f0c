import Foundation
import NativeModel
import Store
import Synchronization

/// `serve --audit-log PATH|-`: each audit record as one JSON line, appended to a file (or written to
/// standard output), for a SIEM to collect as it happens. The same fields as the trail, no more: ids,
/// names of parameters, never values.
final class AuditStream: Sendable {
    private let handle: Mutex<FileHandle>

    /// Opens `path` for appending (creating it, readable by its owner only), or standard output for `-`.
    init(path: String) throws {
        if path == "-" {
            handle = Mutex(FileHandle.standardOutput)
            return
        }
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try file.seekToEnd()
        handle = Mutex(file)
    }

    func write(_ record: AuditRecord) {
        let line = Self.line(record)
        handle.withLock { handle in try? handle.write(contentsOf: line) }
    }

    struct Line: Encodable {
        var recorded: String
        var requestID: String
        var clientID: String?
        var subject: String?
        var fhirUser: String?
        var source: String?
        var interaction: String
        var resourceType: String?
        var entities: [String]
        var patients: [String]
        var parameters: [String]
        var status: Int
        var durationMicroseconds: Int64

        enum CodingKeys: String, CodingKey {
            case recorded, requestID = "request_id", clientID = "client_id", subject, fhirUser = "fhir_user", source
            case interaction, resourceType = "resource_type", entities, patients, parameters, status
            case durationMicroseconds = "duration_us"
        }
    }

    static func line(_ record: AuditRecord) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line = Line(recorded: OffsetDateTime(record.recordedAt, utcOffsetMinutes: 0).description,
                        requestID: record.requestID, clientID: record.clientID, subject: record.subject,
                        fhirUser: record.fhirUser, source: record.source, interaction: record.interaction,
                        resourceType: record.resourceType, entities: record.entities, patients: record.patients,
                        parameters: record.parameters, status: record.status,
                        durationMicroseconds: record.durationMicroseconds)
        var data = (try? encoder.encode(line)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
