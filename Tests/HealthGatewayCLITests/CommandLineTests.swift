import ArgumentParser
import Foundation
@testable import health_gateway
import Testing

@Suite struct CommandLineTests {
    @Test func topLevelHelpListsEverySubcommand() {
        let help = HealthGateway.helpMessage()
        for subcommand in ["serve", "migrate", "generate", "prune"] { #expect(help.contains(subcommand)) }
    }

    @Test func serveHelpDescribesEveryOptionAndItsEnvironmentVariable() {
        let help = HealthGateway.helpMessage(for: ServeCommand.self)
        let options = [
            ("--host", "HEALTH_GATEWAY_HOST"), ("--port", "HEALTH_GATEWAY_PORT"), ("--database", "HEALTH_GATEWAY_DATABASE"),
            ("--in-memory", "HEALTH_GATEWAY_IN_MEMORY"), ("--samples", "HEALTH_GATEWAY_SAMPLES"),
            ("--no-samples", "HEALTH_GATEWAY_NO_SAMPLES"), ("--max-body-size", "HEALTH_GATEWAY_MAX_BODY_SIZE"),
            ("--log-level", "HEALTH_GATEWAY_LOG_LEVEL"), ("--history-retention-days", "HEALTH_GATEWAY_HISTORY_RETENTION_DAYS"),
        ]
        for (option, variable) in options {
            #expect(help.contains(option), "\(option)")
            #expect(help.contains(variable), "\(variable)")
        }
        #expect(help.contains("default 8080"))
    }

    @Test func migrateGenerateAndPruneHelpDescribeTheirOptions() {
        #expect(HealthGateway.helpMessage(for: MigrateCommand.self).contains("--database"))
        let prune = HealthGateway.helpMessage(for: PruneCommand.self)
        #expect(prune.contains("--database") && prune.contains("--history-retention-days"))
        let generate = HealthGateway.helpMessage(for: GenerateCommand.self)
        for option in ["--patients", "--days", "--seed", "--last-day", "--format", "--out"] {
            #expect(generate.contains(option), "\(option)")
        }
    }

    @Test func badOptionsAreRefusedWithAReason() {
        #expect(throws: (any Error).self) { try ServeCommand.parse(["--port", "eighty"]) }
        #expect(throws: (any Error).self) { try GenerateCommand.parse(["--patients", "0", "--out", "x"]) }
        #expect(throws: (any Error).self) { try GenerateCommand.parse(["--patients", "5", "--out", "x", "--last-day", "2026-11"]) }
        #expect(throws: (any Error).self) { try GenerateCommand.parse(["--patients", "5", "--out", "x", "--format", "csv"]) }
    }

    @Test func anOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() throws {
        let variable = "HEALTH_GATEWAY_TEST_\(UInt32.random(in: 0...UInt32.max))"
        #expect(try EnvironmentDefault.value(nil as Int?, variable, default: 8080) == 8080)
        setenv(variable, "9090", 1)
        defer { unsetenv(variable) }
        #expect(try EnvironmentDefault.value(nil as Int?, variable, default: 8080) == 9090)
        #expect(try EnvironmentDefault.value(7070, variable, default: 8080) == 7070)
        setenv(variable, "ninety", 1)
        #expect(throws: ValidationError.self) { try EnvironmentDefault.value(nil as Int?, variable, default: 8080) }
        setenv(variable, "yes", 1)
        #expect(try EnvironmentDefault.flag(false, variable))
        setenv(variable, "maybe", 1)
        #expect(throws: ValidationError.self) { try EnvironmentDefault.flag(false, variable) }
    }
}
