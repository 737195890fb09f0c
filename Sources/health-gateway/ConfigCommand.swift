import ArgumentParser

/// `health-gateway config [serve's options]`: the configuration `serve` would run with, each setting
/// by its dotted key, with its value (passwords and tokens redacted) and where it came from: the
/// command line, an environment variable, the configuration file (`--config`) or the default. Opens,
/// fetches and starts nothing.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective configuration of `serve` and where each value came from.",
        discussion: "Takes the options `serve` takes (health-gateway config --config gateway.yaml --port 9090)."
    )

    @Argument(parsing: .allUnrecognized, help: "The options of `serve`.")
    var serveArguments: [String] = []

    func run() async throws {
        let serve = try ServeCommand.parse(serveArguments)
        try await serve.serve(dryRun: true)
        for line in SettingsLedger.report() { print(line) }
    }
}
