import ArgumentParser

/// `health-gateway`: the FHIR gateway's command line. Each subcommand is a few lines over a library.
@main
struct HealthGateway: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health-gateway",
        abstract: "HealthGateway: a health tracker's native tables, served as FHIR R4 and over a native REST API.",
        discussion: """
            Every option can also be set by the environment variable named in its help, and every option of \
            serve by its key in a configuration file (serve --config FILE); the command line wins over the \
            environment, which wins over the file. `health-gateway config` shows where each value came from.
            """,
        subcommands: [ServeCommand.self, MigrateCommand.self, MigrateDataCommand.self, GenerateCommand.self, PruneCommand.self, ProfilesCommand.self,
                      ConvertCommand.self, ImportCommand.self, ExportCommand.self, BackupCommand.self, TokenCommand.self,
                      ClientsCommand.self, KeysCommand.self, AuditCommand.self, ConfigCommand.self]
    )
}
