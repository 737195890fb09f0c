import ArgumentParser
import Interactions

/// The `serve` options that bound `$import` (README, "Limits"), each with its environment variable.
struct ImportLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Largest $import body as sent, in bytes; 413 past it "
        + "(env HEALTH_GATEWAY_IMPORT_MAX_UPLOAD_BYTES; default 1073741824).", valueName: "bytes"))
    var importMaxUploadBytes: Int64?

    @Option(help: ArgumentHelp("Most bytes a gzip $import body may inflate to; 413 past it "
        + "(env HEALTH_GATEWAY_IMPORT_MAX_DECOMPRESSED_BYTES; default 4294967296).", valueName: "bytes"))
    var importMaxDecompressedBytes: Int64?

    @Option(help: ArgumentHelp("Longest NDJSON line, in bytes; a longer one fails on its own "
        + "(env HEALTH_GATEWAY_IMPORT_MAX_LINE_BYTES; default 16777216).", valueName: "bytes"))
    var importMaxLineBytes: Int?

    @Option(help: ArgumentHelp("Import jobs running at once; 429 past it (env HEALTH_GATEWAY_IMPORT_MAX_JOBS; default 2).",
                               valueName: "count"))
    var importMaxJobs: Int?

    @Option(help: ArgumentHelp("Hours a finished import job and its files are kept (env HEALTH_GATEWAY_IMPORT_RETENTION_HOURS; "
        + "default 168).", valueName: "hours"))
    var importRetentionHours: Int64?

    @Option(help: ArgumentHelp("Seconds a running import job may go unsaved before another node, or this one restarted, "
        + "takes it over (env HEALTH_GATEWAY_IMPORT_LEASE_SECONDS; default 30).", valueName: "seconds"))
    var importLeaseSeconds: Int64?

    func limits() throws -> ImportLimits {
        let defaults = ImportLimits()
        let hours = try EnvironmentDefault.value(importRetentionHours, "HEALTH_GATEWAY_IMPORT_RETENTION_HOURS",
                                                 default: defaults.retentionSeconds / 3_600)
        guard (1...1_000_000).contains(hours) else { throw ValidationError("--import-retention-hours must be from 1 to 1000000") }
        let lease = try EnvironmentDefault.value(importLeaseSeconds, "HEALTH_GATEWAY_IMPORT_LEASE_SECONDS",
                                                 default: defaults.leaseSeconds)
        guard (2...86_400).contains(lease) else { throw ValidationError("--import-lease-seconds must be from 2 to 86400") }
        var limits = ImportLimits(
            maximumUploadBytes: try EnvironmentDefault.value(importMaxUploadBytes, "HEALTH_GATEWAY_IMPORT_MAX_UPLOAD_BYTES",
                                                             default: defaults.maximumUploadBytes),
            maximumDecompressedBytes: try EnvironmentDefault.value(
                importMaxDecompressedBytes, "HEALTH_GATEWAY_IMPORT_MAX_DECOMPRESSED_BYTES", default: defaults.maximumDecompressedBytes),
            maximumLineBytes: try EnvironmentDefault.value(importMaxLineBytes, "HEALTH_GATEWAY_IMPORT_MAX_LINE_BYTES",
                                                           default: defaults.maximumLineBytes),
            maximumConcurrentJobs: try EnvironmentDefault.value(importMaxJobs, "HEALTH_GATEWAY_IMPORT_MAX_JOBS",
                                                                default: defaults.maximumConcurrentJobs),
            retentionSeconds: hours * 3_600)
        limits.leaseSeconds = lease
        guard limits.maximumUploadBytes > 0, limits.maximumDecompressedBytes > 0, limits.maximumLineBytes > 0,
              limits.maximumConcurrentJobs > 0
        else { throw ValidationError("the --import-… limits must be positive") }
        return limits
    }
}
