import Foundation
import NativeModel
import Store

/// The opaque `_cursor` of a type- or system-level history page: the position of the last version
/// seen (time, table, row, version), base64url-encoded. Anything else is a 400.
enum ChangeCursor {
    static func encode(_ key: ChangeKey) -> String {
        Data("v1:\(key.recordedAt.millisecondsSince1970):\(key.table.rawValue):\(key.id):\(key.version)".utf8)
            .base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> ChangeKey? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "v1", let time = Int64(parts[1]), let table = NativeTable(rawValue: String(parts[2])),
              let id = Int64(parts[3]), let version = Int(parts[4])
        else { return nil }
        return ChangeKey(recordedAt: Instant(millisecondsSince1970: time), table: table, id: id, version: version)
    }
}
