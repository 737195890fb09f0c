import Crypto
import NativeModel

/// The hash chain of the audit trail: each record's hash is the SHA-256 of its sequence number, its
/// fields and the hash of the record before it (64 zeros before the first), so that editing a record,
/// or removing one, breaks every link after it (`health-gateway audit verify`). What is hashed: each
/// integer as 8 bytes big-endian; each text as its length in bytes (8 bytes; -1 for none), then its
/// UTF-8; each list as its count, then its texts; so no two different records hash the same bytes.
public enum AuditChain {
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(sequence: Int64, _ record: AuditRecord, previous: String) -> String {
        var hasher = SHA256()
        func integer(_ value: Int64) {
            withUnsafeBytes(of: value.bigEndian) { hasher.update(bufferPointer: $0) }
        }
        func text(_ value: String?) {
            guard var value else {
                integer(-1)  // no value
                return
            }
            integer(Int64(value.utf8.count))
            value.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        func list(_ values: [String]) {
            integer(Int64(values.count))
            values.forEach(text)
        }
        integer(sequence)
        integer(record.recordedAt.millisecondsSince1970)
        text(record.requestID)
        text(record.clientID)
        text(record.subject)
        text(record.fhirUser)
        text(record.source)
        text(record.interaction)
        text(record.resourceType)
        list(record.entities)
        list(record.patients)
        list(record.parameters)
        integer(Int64(record.status))
        integer(record.durationMicroseconds)
        text(previous)
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `record` is the link after (`sequence`, `hash`): its sequence follows, it names that hash,
    /// and its own hash is what its content makes.
    public static func follows(_ record: StoredAuditRecord, sequence: Int64, hash: String) -> Bool {
        record.sequence == sequence + 1 && record.previousHash == hash
            && record.hash == Self.hash(sequence: record.sequence, record.record, previous: record.previousHash)
    }
}
