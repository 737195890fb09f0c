import Foundation
import Store

/// Where a PostgreSQL database is, from a `postgresql://user[:password]@host[:port]/database` URL
/// (https://www.postgresql.org/docs/15/libpq-connect.html#LIBPQ-CONNSTRING); the password from the
/// URL or else `PGPASSWORD`.
struct PostgresLocation: Sendable, CustomStringConvertible {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String

    init(url text: String, environment: [String: String]) throws {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, scheme == "postgresql" || scheme == "postgres" else {
            throw StoreError.unavailable("not a postgresql:// URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError.unavailable("the PostgreSQL URL names no host")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.user = components.user.flatMap { $0.removingPercentEncoding } ?? environment["PGUSER"] ?? "postgres"
        self.password = components.password.flatMap { $0.removingPercentEncoding } ?? environment["PGPASSWORD"]
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        self.database = path.isEmpty ? user : path.removingPercentEncoding ?? path
    }

    /// The URL without its password.
    var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
}
