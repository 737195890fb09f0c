import Crypto
import NativeModel

/// The hash chain of the audit trail: each record's hash is the SHA-256 of its sequence number, its
/// fields and the hash of the record before it (64 zeros before the first), so that editing a record,
/// or removing one, breaks every link after it (`health-gateway audit verify`). Each field is written
/// with its length in bytes before it, so no two different records have the same text.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(sequence: Int64, _ record: AuditRecord, previous: String) -> String {
        var text = ""
        func field(_ value: String?) {
            let value = value ?? "\u{0}"
            text += "\(value.utf8.count):\(value);"
        }
        field(String(sequence))
        field(String(record.recordedAt.millisecondsSince1970))
        field(record.requestID)
        field(record.clientID)
        field(record.subject)
        field(record.fhirUser)
        field(record.source)
        field(record.interaction)
        field(record.resourceType)
        field(record.entities.joined(separator: " "))
        field(record.patients.joined(separator: " "))
        field(record.parameters.joined(separator: " "))
        field(String(record.status))
        field(String(record.durationMicroseconds))
        field(previous)
        return SHA256.hash(data: Array(text.utf8)).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]], as: UTF8.self)
        }.joined()
    }

    /// Whether `record` is the link after (`sequence`, `hash`): its sequence follows, it names that hash,
    /// and its own hash is what its content makes.
    public static func follows(_ record: StoredAuditRecord, sequence: Int64, hash: String) -> Bool {
        record.sequence == sequence + 1 && record.previousHash == hash
            && record.hash == Self.hash(sequence: record.sequence, record.record, previous: record.previousHash)
    }
}
