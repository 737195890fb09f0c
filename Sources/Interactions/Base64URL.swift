public import Foundation

/// Base64url without padding (RFC 4648 §5), the form of the opaque paging cursors (native lists,
/// histories, searches).
public enum Base64URL {
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func encode(_ text: String) -> String { encode(Data(text.utf8)) }

    /// The bytes `text` encodes; nil when it is not base64url.
    public static func data(_ text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }

    /// The text a cursor holds; nil when it is not base64url of UTF-8.
    public static func decode(_ text: some StringProtocol) -> String? {
        data(text).flatMap { String(data: $0, encoding: .utf8) }
    }
}
