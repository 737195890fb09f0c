import ArgumentParser
import Foundation
import Interactions

/// The `serve` options of Bulk Data export (README, "Bulk export"), each with its environment variable.
struct ExportOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Where $export writes its NDJSON files (env HEALTH_GATEWAY_EXPORT_FOLDER; default beside an SQLite file, else a "
            + "temporary folder). Nodes on one PostgreSQL database share one such folder.", valueName: "path"))
    var exportFolder: String?

    @Option(help: ArgumentHelp("Exports running at once on this node; 429 past it (env HEALTH_GATEWAY_EXPORT_MAX_JOBS; "
        + "default 2).", valueName: "count"))
    var exportMaxJobs: Int?

    @Option(help: ArgumentHelp("Most resources in one exported NDJSON file (env HEALTH_GATEWAY_EXPORT_MAX_RESOURCES_PER_FILE; "
        + "default 100000).", valueName: "count"))
    var exportMaxResourcesPerFile: Int?

    @Option(help: ArgumentHelp("Seconds a finished export's files are served before they are removed (env "
        + "HEALTH_GATEWAY_EXPORT_EXPIRY_SECONDS; default 3600).", valueName: "seconds"))
    var exportExpirySeconds: Int64?

    func folder(default fallback: URL?) -> URL? {
        EnvironmentDefault.optional(exportFolder, "HEALTH_GATEWAY_EXPORT_FOLDER")
            .map { URL(fileURLWithPath: $0, isDirectory: true) } ?? fallback
    }

    func limits(leaseSeconds: Int64) throws -> ExportLimits {
        let defaults = ExportLimits()
        let jobs = try EnvironmentDefault.value(exportMaxJobs, "HEALTH_GATEWAY_EXPORT_MAX_JOBS", default: defaults.maximumConcurrentJobs)
        guard (1...64).contains(jobs) else { throw ValidationError("--export-max-jobs must be from 1 to 64") }
        let perFile = try EnvironmentDefault.value(exportMaxResourcesPerFile, "HEALTH_GATEWAY_EXPORT_MAX_RESOURCES_PER_FILE",
                                                   default: defaults.resourcesPerFile)
        guard perFile > 0 else { throw ValidationError("--export-max-resources-per-file must be positive") }
        let expiry = try EnvironmentDefault.value(exportExpirySeconds, "HEALTH_GATEWAY_EXPORT_EXPIRY_SECONDS",
                                                  default: defaults.expirySeconds)
        guard (60...31_536_000).contains(expiry) else {
            throw ValidationError("--export-expiry-seconds must be from 60 to 31536000 (a year)")
        }
        return ExportLimits(maximumConcurrentJobs: jobs, resourcesPerFile: perFile, expirySeconds: expiry,
                            leaseSeconds: leaseSeconds)
    }
}
