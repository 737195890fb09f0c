import ArgumentParser
import Foundation
import GatewayServer
import Hummingbird
import Interactions
import Logging
import Store
import StoreFactory

/// `health-gateway serve`: runs the HTTP server until SIGINT or SIGTERM, then shuts it down gracefully
/// (`GatewayRunner`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway's HTTP server.",
        discussion: """
            On a new, empty database the server first loads the sample population (--samples), so every \
            example in the README works at once. Samples are loaded once: a restart never loads them again.
            """
    )

    @Option(help: ArgumentHelp("The address to listen on (env HEALTH_GATEWAY_HOST; default 127.0.0.1).", valueName: "address"))
    var host: String?

    @Option(help: ArgumentHelp("The TCP port (env HEALTH_GATEWAY_PORT; default 8080).", valueName: "port"))
    var port: Int?

    @OptionGroup var database: DatabaseOption

    @Flag(help: "Use a private in-memory database instead of a file: nothing is kept (env HEALTH_GATEWAY_IN_MEMORY).")
    var inMemory = false

    @Option(help: ArgumentHelp(
        "Where $import keeps uploaded inputs and error files (env HEALTH_GATEWAY_IMPORT_FOLDER; default beside an SQLite "
            + "file, else a temporary folder). Nodes on one PostgreSQL database share one such folder (README, \"PostgreSQL\").",
        valueName: "path"))
    var importFolder: String?

    @Option(help: ArgumentHelp(
        "The native population NDJSON loaded into a new database (env HEALTH_GATEWAY_SAMPLES; default Samples/population.ndjson).",
        valueName: "path"))
    var samples: String?

    @Flag(help: "Do not load the samples, even into a new database (env HEALTH_GATEWAY_NO_SAMPLES).")
    var noSamples = false

    @Option(help: ArgumentHelp("Largest request body in bytes; larger ones get 413 (env HEALTH_GATEWAY_MAX_BODY_SIZE; default 1048576).",
                               valueName: "bytes"))
    var maxBodySize: Int?

    @Option(help: ArgumentHelp("Largest transaction or batch Bundle (POST /fhir) in bytes; larger ones get 413 (env "
                               + "HEALTH_GATEWAY_MAX_BUNDLE_SIZE; default 67108864, 64 MiB).", valueName: "bytes"))
    var maxBundleSize: Int?

    @Option(help: ArgumentHelp("Bundles larger than --max-body-size read and mapped at once; past it, 503 with "
                               + "Retry-After (env HEALTH_GATEWAY_BUNDLES_MAX_CONCURRENT; default 2).", valueName: "count"))
    var bundlesMaxConcurrent: Int?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical (env HEALTH_GATEWAY_LOG_LEVEL; default info).",
                               valueName: "level"))
    var logLevel: String?

    @OptionGroup var operationOptions: OperationOptions
    @OptionGroup var auditOptions: AuditOptions

    @OptionGroup var historyRetention: HistoryRetentionOption

    @OptionGroup var importLimits: ImportLimitOptions

    @OptionGroup var exportOptions: ExportOptions

    @OptionGroup var rateLimitOptions: RateLimitOptions

    @OptionGroup var scorePageOptions: ScorePageOptions

    @Option(help: ArgumentHelp(
        "The URL clients reach the server at (https://fhir.example.org): the base of Location, fullUrl, page links, "
            + "manifests and SMART discovery, /fhir added (env HEALTH_GATEWAY_PUBLIC_URL; default the request's Host, http).",
        valueName: "url"))
    var publicURL: String?

    @Option(name: .customLong("trusted-proxy"), help: ArgumentHelp(
        "The address of a proxy whose X-Forwarded-Proto and X-Forwarded-Host are believed, repeatable (env "
            + "HEALTH_GATEWAY_TRUSTED_PROXIES, comma-separated; default none).", valueName: "ip"))
    var trustedProxies: [String] = []

    @Option(name: .customLong("cors-origin"), help: ArgumentHelp(
        "A browser origin allowed to call the gateway (https://app.example.org), repeatable; * for every origin "
            + "(env HEALTH_GATEWAY_CORS_ORIGINS, comma-separated; default none).", valueName: "origin"))
    var corsOrigins: [String] = []

    @OptionGroup var authOptions: AuthOptions

    @Option(help: ArgumentHelp(
        "Seconds after which the population statistics of $health-score are refreshed (env "
            + "HEALTH_GATEWAY_STATISTICS_MAX_AGE; default 300).", valueName: "seconds"))
    var statisticsMaxAge: Int64?

    @Option(help: ArgumentHelp(
        "Population-wide computations (statistics of a new scoring window, $stats over everyone) requests may run at "
            + "once; past it, 503 with Retry-After (env HEALTH_GATEWAY_STATISTICS_MAX_CONCURRENT; default 2).",
        valueName: "count"))
    var statisticsMaxConcurrent: Int?

    @Option(help: ArgumentHelp(
        "event-loops: tasks run on SwiftNIO's event loops, no thread switch per request; swift: Swift's own "
            + "thread pool (env \(ConcurrencyExecutor.variable); default event-loops).", valueName: "executor"))
    var executor: ConcurrencyExecutor?

    /// Checks a public URL: http or https, a host, perhaps a path (a prefix a proxy adds), no query.
    static func checkedPublicURL(_ text: String?) throws -> String? {
        guard let text, !text.isEmpty else { return nil }
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme ?? ""),
              !(components.host ?? "").isEmpty, components.query == nil, components.fragment == nil else {
            throw ValidationError("--public-url '\(text)' is not an http(s) URL with a host (https://fhir.example.org)")
        }
        return text
    }

    /// Checks each origin: `*`, or a scheme, a host and perhaps a port, nothing more (RFC 6454).
    static func checkedOrigins(_ origins: [String]) throws -> [String] {
        try origins.filter { !$0.isEmpty }.map { origin in
            guard origin == "*" || (URLComponents(string: origin).map { components in
                ["http", "https"].contains(components.scheme ?? "") && !(components.host ?? "").isEmpty
                    && (components.path.isEmpty || components.path == "/") && components.query == nil
            } ?? false) else {
                throw ValidationError("--cors-origin '\(origin)' is not an origin: * or a scheme and a host "
                    + "(https://app.example.org, a port allowed, no path)")
            }
            return origin
        }
    }

    @Option(help: ArgumentHelp("A JSON or YAML file of settings by their dotted keys (http.port, db.url, …); the command "
        + "line and the environment win over it (env HEALTH_GATEWAY_CONFIG; README, \"Configuration\").", valueName: "file"))
    var config: String?

    func run() async throws {
        try await serve(dryRun: false)
    }

    /// Resolves every setting from the command line, the environment and the configuration file (each
    /// one's source noted in `SettingsLedger`), then opens the store and serves; with `dryRun`, stops
    /// before anything is opened, fetched or installed (`health-gateway config`).
    func serve(dryRun: Bool) async throws {
        try await ConfigurationFile.load(config)
        try operationOptions.bootstrapLogging(install: !dryRun)
        let level = try EnvironmentDefault.value(logLevel, "HEALTH_GATEWAY_LOG_LEVEL", default: "info")
        guard let logLevel = Logger.Level(rawValue: level) else {
            throw ValidationError("log level '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        let port = try EnvironmentDefault.value(port, "HEALTH_GATEWAY_PORT", default: 8080)
        guard (0...65_535).contains(port) else { throw ValidationError("port \(port) is not between 0 and 65535") }
        let maxBodySize = try EnvironmentDefault.value(maxBodySize, "HEALTH_GATEWAY_MAX_BODY_SIZE", default: 1 << 20)
        guard maxBodySize > 0 else { throw ValidationError("--max-body-size must be positive") }
        let maxBundleSize = try EnvironmentDefault.value(maxBundleSize, "HEALTH_GATEWAY_MAX_BUNDLE_SIZE", default: 64 << 20)
        guard maxBundleSize >= maxBodySize else { throw ValidationError("--max-bundle-size must be at least --max-body-size") }
        let bundlesMaxConcurrent = try EnvironmentDefault.value(bundlesMaxConcurrent, "HEALTH_GATEWAY_BUNDLES_MAX_CONCURRENT",
                                                                default: 2)
        guard bundlesMaxConcurrent > 0 else { throw ValidationError("--bundles-max-concurrent must be at least 1") }
        let statisticsMaxAge = try EnvironmentDefault.value(statisticsMaxAge, "HEALTH_GATEWAY_STATISTICS_MAX_AGE", default: 300)
        guard (1...31_536_000).contains(statisticsMaxAge) else {
            throw ValidationError("--statistics-max-age must be from 1 second to a year (31536000)")
        }
        let statisticsMaxConcurrent = try EnvironmentDefault.value(statisticsMaxConcurrent, "HEALTH_GATEWAY_STATISTICS_MAX_CONCURRENT",
                                                                   default: 2)
        guard statisticsMaxConcurrent > 0 else { throw ValidationError("--statistics-max-concurrent must be at least 1") }
        let loadSamples = try !EnvironmentDefault.flag(noSamples, "HEALTH_GATEWAY_NO_SAMPLES")
        let samplesPath = loadSamples
            ? try EnvironmentDefault.value(samples, "HEALTH_GATEWAY_SAMPLES", default: "Samples/population.ndjson") : nil
        let host = try EnvironmentDefault.value(host, "HEALTH_GATEWAY_HOST", default: "127.0.0.1")
        var logger = Logger(label: "health-gateway")
        logger.logLevel = logLevel
        let location: StoreLocation = try EnvironmentDefault.flag(inMemory, "HEALTH_GATEWAY_IN_MEMORY")
            ? .inMemory : try database.location()
        let connections = try database.connections()
        let importFolder = EnvironmentDefault.optional(importFolder, "HEALTH_GATEWAY_IMPORT_FOLDER")
            .map { URL(fileURLWithPath: $0, isDirectory: true) }
        let exportFolder = exportOptions.folder(default: nil)
        let historyRetentionDays = try historyRetention.days()
        let importLimits = try importLimits.limits()
        let exportLimits = try exportOptions.limits(leaseSeconds: importLimits.leaseSeconds)
        let rateLimits = try rateLimitOptions.limits()
        let address = FHIRAddress(
            publicURL: try Self.checkedPublicURL(EnvironmentDefault.optional(publicURL, "HEALTH_GATEWAY_PUBLIC_URL")),
            trustedProxies: EnvironmentDefault.list(trustedProxies, "HEALTH_GATEWAY_TRUSTED_PROXIES"))
        let cors = GatewayCORS(origins: try Self.checkedOrigins(EnvironmentDefault.list(corsOrigins, "HEALTH_GATEWAY_CORS_ORIGINS")))
        let accessLog = try operationOptions.accessLog()
        let audit = try auditOptions.resolved()
        let metricsSettings = try operationOptions.metricsSettings()
        let smart = try authOptions.settings(host: host, logger: logger)
        let scorePage = try scorePageOptions.files(logger: logger)
        let scorePageSettings = scorePageOptions.settings()
        let executor = try EnvironmentDefault.value(executor, ConcurrencyExecutor.variable, default: .eventLoops)
        let readiness = Readiness()
        let runner = try operationOptions.runner(readiness: readiness)
        if dryRun { return }

        let opened = try database.open(location, connections: connections, logger: logger)
        var configuration = GatewayConfiguration(
            host: host, port: port, importFolder: importFolder ?? opened.filesFolder, samplesPath: samplesPath,
            maxBodySize: maxBodySize, logLevel: logLevel, historyRetentionDays: historyRetentionDays,
            statisticsMaxAgeSeconds: statisticsMaxAge, statisticsMaxConcurrent: statisticsMaxConcurrent,
            importLimits: importLimits, exportFolder: exportFolder ?? opened.exportFolder)
        configuration.exportLimits = exportLimits
        configuration.rateLimits = rateLimits
        configuration.address = address
        configuration.cors = cors
        configuration.maxBundleSize = maxBundleSize
        configuration.bundlesMaxConcurrent = bundlesMaxConcurrent
        configuration.accessLog = accessLog
        configuration.audit = try AuditOptions.settings(audit)
        if metricsSettings.enabled {
            let metrics = GatewayMetrics()
            metrics.bootstrapProcessWide()
            configuration.metrics = metrics
            configuration.metricsPort = metricsSettings.port
        }
        configuration.authorization = try await AuthOptions.authorization(smart)
        configuration.scorePage = scorePage
        configuration.scorePageSettings = scorePageSettings
        if HeapRetention.apply(environment: ProcessInfo.processInfo.environment) == .unsupported {
            logger.notice("this C library cannot fix its mmap threshold; freed memory may stay with the process")
        }
        try executor.install()
        logger.info("store: \(opened.description)")
        let application = try await buildApplication(configuration, opened: opened, readiness: readiness)
        try await runner.run(application, logger: logger)
    }
}
