import ArgumentParser

/// `--database PATH`, shared by the commands that open the embedded store.
struct DatabaseOption: ParsableArguments {
    static let defaultPath = "data/health-gateway.sqlite"
    static let variable = "HEALTH_GATEWAY_DATABASE"

    @Option(name: .long, help: ArgumentHelp(
        "The SQLite database file, created and migrated when missing (env \(variable); default \(defaultPath)).",
        valueName: "path"))
    var database: String?

    func path() throws -> String {
        try EnvironmentDefault.value(database, Self.variable, default: Self.defaultPath)
    }
}
