import ArgumentParser
import Logging
import NativeModel
import Store
import StoreFactory

/// `--database PATH|URL` and `--database-pool-size`, shared by every command that opens the store:
/// an SQLite file path, or a `postgresql://user[:password]@host[:port]/database` URL (the password
/// from the URL or else `PGPASSWORD`; README, "PostgreSQL").
struct DatabaseOption: ParsableArguments {
    static let defaultPath = "data/health-gateway.sqlite"
    static let variable = "HEALTH_GATEWAY_DATABASE"
    static let poolVariable = "HEALTH_GATEWAY_DATABASE_POOL_SIZE"

    @Option(name: .long, help: ArgumentHelp(
        "An SQLite database file, created and migrated when missing, or a postgresql:// URL (env \(variable); "
            + "default \(defaultPath)).",
        valueName: "path-or-url"))
    var database: String?

    @Option(help: ArgumentHelp(
        "Most connections to a PostgreSQL database this process opens (env \(poolVariable); default 20).",
        valueName: "count"))
    var databasePoolSize: Int?

    func location() throws -> StoreLocation {
        StoreLocation(try EnvironmentDefault.value(database, Self.variable, default: Self.defaultPath))
    }

    func poolSize() throws -> Int {
        let size = try EnvironmentDefault.value(databasePoolSize, Self.poolVariable, default: 20)
        guard (1...1_000).contains(size) else { throw ValidationError("--database-pool-size must be from 1 to 1000") }
        return size
    }

    /// Opens the store this option names (or `location`, when the command decides it).
    func open(_ location: StoreLocation? = nil, logger: Logger = Logger(label: "health-gateway"),
              clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws -> OpenedStore {
        try StoreFactory.open(location ?? self.location(), poolSize: poolSize(), logger: logger, clock: clock)
    }
}
