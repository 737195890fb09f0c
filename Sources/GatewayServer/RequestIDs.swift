import Hummingbird
import HTTPTypes

/// `X-Request-ID`: the id that ties a request's access-log line, its other log lines and its answer
/// together. The caller's (a load balancer's or a client's) is kept when it is a plain token of 1–128
/// letters, digits and `-_.:+/=@`; anything else (empty, too long, spaces, control characters that could
/// forge log lines) is replaced by a new one of 32 hexadecimal digits.
enum RequestIDs {
    static let header = HTTPField.Name("X-Request-ID")!

    static func accepted(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
              value.utf8.allSatisfy({ byte in
                  (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                      || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || Self.punctuation.contains(byte)
              })
        else { return nil }
        return value
    }

    private static let punctuation: Set<UInt8> = Set("-_.:+/=@".utf8)

    /// A new id: Hummingbird's `RequestID` (a random prefix per process and a counter: no system call
    /// per request), padded to 32 hexadecimal digits.
    static func make() -> String {
        let id = RequestID().description
        return id.count >= 32 ? id : String(repeating: "0", count: 32 - id.count) + id
    }
}
