import Foundation
import Store

/// The opaque `cursor` of a list page: the keyset position (sort time and id of the last row seen),
/// base64url-encoded. Clients pass it back unchanged; anything else is a 400.
enum PageCursor {
    static func encode(_ key: PageKey) -> String {
        Data("v1:\(key.time):\(key.id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some StringProtocol) -> PageKey? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let plain = String(data: data, encoding: .utf8) else { return nil }
        let parts = plain.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let time = Int64(parts[1]), let id = Int64(parts[2]), id >= 0 else {
            return nil
        }
        return PageKey(time: time, id: id)
    }
}
