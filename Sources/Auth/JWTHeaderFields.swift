import Foundation

/// The JOSE header fields read before any key is chosen (RFC 7515 §4.1): the algorithm and the key id.
struct JWTHeaderFields {
    var alg: String
    var kid: String?

    /// The header of a compact JWS: three base64url parts separated by dots.
    init(token: Substring) throws(TokenError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformed("it does not have three parts") }
        guard token.utf8.count <= 16_384 else { throw .malformed("it is longer than 16 KiB") }
        guard let bytes = Self.base64URLDecoded(parts[0]),
              let header = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any]
        else { throw .malformed("its header is not base64url JSON") }
        guard let alg = header["alg"] as? String else { throw .malformed("its header names no algorithm") }
        if let crit = header["crit"] as? [Any], !crit.isEmpty {
            throw .malformed("its header has critical extensions ('crit') this server does not know")
        }
        self.alg = alg
        kid = header["kid"] as? String
    }

    /// Base64url without padding (RFC 7515 §2) decoded, byte by byte (no string search and replace).
    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = [UInt8]()
        base64.reserveCapacity(text.utf8.count + 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): base64.append(UInt8(ascii: "+"))
            case UInt8(ascii: "_"): base64.append(UInt8(ascii: "/"))
            default: base64.append(byte)
            }
        }
        base64.append(contentsOf: repeatElement(UInt8(ascii: "="), count: (4 - base64.count % 4) % 4))
        return Data(base64Encoded: Data(base64))
    }
}
