import Foundation

/// Where the native tables are: the value of `--database` / `HEALTH_GATEWAY_DATABASE` (README,
/// "PostgreSQL"). A `postgresql://` (or `postgres://`) URL names a PostgreSQL database
/// (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING); anything else is the
/// path of an SQLite file.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    /// A private in-memory SQLite database: nothing survives the process.
    case inMemory
    case postgres(url: String)

    public init(_ text: String) {
        let lowered = text.lowercased()
        if lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    /// The location as messages may show it: a PostgreSQL URL loses its password.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .inMemory: return "an in-memory database"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "a PostgreSQL database" }
            if components.password != nil { components.password = "redacted" }
            return components.string ?? "a PostgreSQL database"
        }
    }
}
