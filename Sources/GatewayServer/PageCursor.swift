import Foundation
import Interactions
import Store

/// The opaque `cursor` of a list page: the keyset position (sort time and id of the last row seen),
/// base64url-encoded. Clients pass it back unchanged; anything else is a 400.
enum PageCursor {
    static func encode(_ key: PageKey) -> String {
        Base64URL.encode("v1:\(key.time):\(key.id)")
    }

    static func decode(_ text: some StringProtocol) -> PageKey? {
        guard let plain = Base64URL.decode(text) else { return nil }
        let parts = plain.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "v1", let time = Int64(parts[1]), let id = Int64(parts[2]), id >= 0 else {
            return nil
        }
        return PageKey(time: time, id: id)
    }
}
