import Crypto
import NativeModel
import Foundation
public import Store

/// The opaque cursor of a search page link (http://hl7.org/fhir/R4/http.html#paging): the keyset
/// position to read after (or before) and a fingerprint of the search it belongs to, signed with the
/// store's key (HMAC-SHA256). A cursor that was altered, or used with other parameters than the
/// search it came from, fails the check and is a 400, never a page of some other search.
public struct SearchCursor: Sendable, Hashable {
    public var position: SearchPosition
    /// Read the page before `position` (a `previous` link).
    public var backward: Bool

    public init(position: SearchPosition, backward: Bool) {
        self.position = position
        self.backward = backward
    }

    /// `payload.signature`, both base64url.
    func encoded(search fingerprint: String, key: SymmetricKey) -> String {
        var payload = "v1\n\(fingerprint)\n\(backward ? "p" : "n")"
        for value in position.values {
            switch value {
            case .null: payload += "\nn"
            case .integer(let integer): payload += "\ni\(integer)"
            case .real(let real): payload += "\nr\(real.bitPattern)"
            case .text(let text): payload += "\nt" + Base64URL.encode(text)
            }
        }
        let data = Data(payload.utf8)
        let signature = HMAC<SHA256>.authenticationCode(for: data, using: key)
        return Base64URL.encode(data) + "." + Base64URL.encode(Data(signature))
    }

    /// The cursor `text` stands for, if this server signed it for the search `fingerprint`.
    init?(_ text: String, search fingerprint: String, key: SymmetricKey) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let data = Base64URL.data(parts[0]), let signature = Base64URL.data(parts[1]),
              HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: data, using: key),
              let payload = String(data: data, encoding: .utf8)
        else { return nil }
        let lines = payload.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, lines[0] == "v1", lines[1] == fingerprint, lines[2] == "n" || lines[2] == "p" else { return nil }
        var values: [ColumnValue] = []
        for line in lines.dropFirst(3) {
            let body = line.dropFirst()
            switch line.first {
            case "n": values.append(.null)
            case "i":
                guard let integer = Int64(body) else { return nil }
                values.append(.integer(integer))
            case "r":
                guard let bits = UInt64(body) else { return nil }
                values.append(.real(Double(bitPattern: bits)))
            case "t":
                guard let text = Base64URL.decode(body) else { return nil }
                values.append(.text(text))
            default: return nil
            }
        }
        self.init(position: SearchPosition(values: values), backward: lines[2] == "p")
    }

    /// What a cursor is bound to: the resource type and every applied parameter, in order.
    static func fingerprint(type: String, parameters: [(String, String)]) -> String {
        var text = type
        for (name, value) in parameters { text += "&\(name)=\(value)" }
        return SHA256.hash(data: Data(text.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }
}
