import ArgumentParser
import Foundation
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

    @Option(name: .customLong("database-replica"), help: ArgumentHelp(
        "A postgresql:// URL of a read replica of --database; repeat it for each (env \(replicasVariable), "
            + "comma-separated). Long reads (population searches, history, statistics, $stats) go to a replica "
            + "within --replica-max-lag.",
        valueName: "url"))
    var databaseReplicas: [String] = []

    @Option(help: ArgumentHelp(
        "Seconds a replica may be behind the primary and still take long reads (env \(lagVariable); default 10).",
        valueName: "seconds"))
    var replicaMaxLag: Double?

    static let replicasVariable = "HEALTH_GATEWAY_DATABASE_REPLICAS"
    static let lagVariable = "HEALTH_GATEWAY_REPLICA_MAX_LAG"

    func replicas() -> [String] {
        EnvironmentDefault.list(databaseReplicas, Self.replicasVariable)
    }

    func maximumReplicaLag() throws -> Double {
        let lag = try EnvironmentDefault.value(replicaMaxLag, Self.lagVariable, default: 10.0)
        guard lag.isFinite, lag >= 0 else { throw ValidationError("--replica-max-lag must be a number of seconds, 0 or more") }
        return lag
    }

    func location() throws -> StoreLocation {
        StoreLocation(try EnvironmentDefault.value(database, Self.variable, default: Self.defaultPath))
    }

    func poolSize() throws -> Int {
        let size = try EnvironmentDefault.value(databasePoolSize, Self.poolVariable, default: 20)
        guard (1...1_000).contains(size) else { throw ValidationError("--database-pool-size must be from 1 to 1000") }
        return size
    }

    /// How the store is reached beyond its location, read once.
    struct Connections {
        var poolSize: Int
        var replicas: [String]
        var maximumReplicaLag: Double
    }

    func connections() throws -> Connections {
        Connections(poolSize: try poolSize(), replicas: replicas(), maximumReplicaLag: try maximumReplicaLag())
    }

    /// Opens the store this option names (or `location`, when the command decides it), reached as
    /// `connections` says (read from the options when not given).
    func open(_ location: StoreLocation? = nil, connections: Connections? = nil, logger: Logger = Logger(label: "health-gateway"),
              clock: @escaping @Sendable () -> Instant = { Instant.now() }) throws -> OpenedStore {
        let connections = try connections ?? self.connections()
        return try StoreFactory.open(location ?? self.location(), poolSize: connections.poolSize, replicas: connections.replicas,
                                     maximumReplicaLagSeconds: connections.maximumReplicaLag, logger: logger, clock: clock)
    }
}
