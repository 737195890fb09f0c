/// Query strings of the links the server writes (paging links of searches, histories and lists).
public enum QueryComponent {
    /// A query name or value with everything but unreserved characters (and `:`, `/`, `,` and `@`, which
    /// a query may hold as they are) percent-encoded.
    public static func percentEncoded(_ value: String) -> String {
        var encoded = ""
        for byte in value.utf8 {
            let scalar = Unicode.Scalar(byte)
            if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || "-._~:/,@".unicodeScalars.contains(scalar) {
                encoded.unicodeScalars.append(scalar)
            } else {
                encoded += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return encoded
    }
}
