import Foundation
import Interactions
import NativeModel
import Store

/// The opaque `_cursor` of a type- or system-level history page: the position of the last version
/// seen (time, table, row, version), base64url-encoded. Anything else is a 400.
enum ChangeCursor {
    static func encode(_ key: ChangeKey) -> String {
        Base64URL.encode("v1:\(key.recordedAt.millisecondsSince1970):\(key.table.rawValue):\(key.id):\(key.version)")
    }

    static func decode(_ text: some StringProtocol) -> ChangeKey? {
        guard let plain = Base64URL.decode(text) else { return nil }
        let parts = plain.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let time = Int64(parts[1]), let table = NativeTable(rawValue: String(parts[2])),
              let id = Int64(parts[3]), let version = Int(parts[4])
        else { return nil }
        return ChangeKey(recordedAt: Instant(millisecondsSince1970: time), table: table, id: id, version: version)
    }
}
