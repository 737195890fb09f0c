import NativeModel
import PostgresNIO

/// Rows in the text format of `COPY … FROM STDIN`: columns separated by tabs, one row per line,
/// `\N` for NULL, and a backslash before the characters the format gives a meaning (backslash, tab,
/// newline, carriage return). See https://www.postgresql.org/docs/15/sql-copy.html#id-1.9.3.55.9.2.
enum PostgresCopyText {
    static func append(_ values: [ColumnValue], to buffer: inout ByteBuffer) {
        for (position, value) in values.enumerated() {
            if position > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .integer(let integer): buffer.writeString(String(integer))
            case .real(let real): buffer.writeString(text(of: real))
            case .text(let text): appendEscaped(text, to: &buffer)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// A double as PostgreSQL's `float8` input reads it back exactly: Swift's shortest round-trip
    /// digits, and PostgreSQL's spelling of the values that are not finite.
    static func text(of real: Double) -> String {
        if real.isNaN { return "NaN" }
        if real.isInfinite { return real < 0 ? "-Infinity" : "Infinity" }
        return String(real)
    }

    private static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }
}
