public import Foundation
public import Interactions
public import Logging
public import NativeModel

/// What the gateway is told at start-up. The `health-gateway serve` command fills it from its options
/// and environment variables (see README, "Configuration").
public struct GatewayConfiguration: Sendable {
    /// `http.host`: the address to listen on.
    public var host: String
    /// `http.port`.
    public var port: Int
    /// `samples.path`: the native population NDJSON loaded into a new, empty database; nil to never load.
    public var samplesPath: String?
    /// `http.maxBodySize`: request bodies above this many bytes get 413 (but transaction and batch Bundles).
    public var maxBodySize: Int
    /// `http.maxBundleSize`: the largest transaction or batch Bundle (`POST /fhir`); an EHR's Bundle of one
    /// patient's history is typically 0.5–4 MB, some much more.
    public var maxBundleSize: Int = 64 << 20
    /// `http.bundlesMaxConcurrent`: Bundles larger than `maxBodySize` the server reads and maps at once;
    /// past it, 503 with `Retry-After`. Each costs memory in proportion to its size (BENCHMARKS.md,
    /// "Large Bundles").
    public var bundlesMaxConcurrent: Int = 2
    /// `log.level`.
    public var logLevel: Logger.Level
    /// `metrics.disabled` (`serve --no-metrics`) off: the Prometheus metrics, served at `/metrics`.
    /// None for a library user and the tests unless they ask.
    public var metrics: GatewayMetrics?
    /// `metrics.port` (`serve --metrics-port`): serve `/metrics` on this port of `host` instead of the main
    /// one, a management port the public load balancer does not reach.
    public var metricsPort: Int?

    /// `log.accessLogDisabled` (`serve --no-access-log`) off: one line per request (`RequestTelemetryMiddleware`).
    /// Off for a library user and the tests unless they ask.
    public var accessLog = false
    /// `history.retentionDays`: versions older than this are forgotten (at start-up, then daily); nil keeps all.
    public var historyRetentionDays: Int?
    /// Seconds after which the population statistics of `$health-score` are refreshed: the bound on
    /// how far they may lag behind the data (plus one refresh).
    public var statisticsMaxAgeSeconds: Int64
    /// `statistics.maxConcurrent`: population-wide computations requests may have running at once
    /// (statistics of a new scoring window, `$stats` over everyone); past it, 503 with `Retry-After`.
    public var statisticsMaxConcurrent: Int

    /// `auth.mode` (`serve --auth`): who may call (README, "Authorization").
    public var authorization: GatewayAuthorization = .none

    /// What one `$import` may ask of the server (`import.*`; README, "Limits").
    public var importLimits: ImportLimits

    /// `http.publicURL` and `http.trustedProxies` (`serve --public-url`, `--trusted-proxy`): the base URL
    /// of links, and whose forwarded headers are believed.
    public var address = FHIRAddress()

    /// `http.corsOrigins` (`serve --cors-origin`): the browser origins allowed to call (none by default).
    public var cors = GatewayCORS()

    /// `app.path` (`serve --app`): the score page's files, served at `/app/`; nil for no page.
    public var scorePage: ScorePageFiles?
    /// `app.clientId` and `app.scope`: how the page asks the identity provider for a token.
    public var scorePageSettings = ScorePageSettings()

    /// `audit.*`: the audit trail; nil for none (what a library user and the tests get unless they ask;
    /// `serve` turns it on).
    public var audit: AuditSettings?

    /// `rate.*` and `http.maxInFlight`: the rate limits and the bound on requests in flight; nil for
    /// none (what a library user and the tests get unless they ask; `serve` turns them on).
    public var rateLimits: RateLimits?
    /// The clock the rate limits' buckets refill by; tests move their own.
    public var rateLimitClock: @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }

    /// What exports may do (`export.*`; README, "Bulk export").
    public var exportLimits = ExportLimits()

    /// `export.folder`: where exports write their NDJSON files (`{folder}/{job}/`). Beside an SQLite
    /// file, `<file>.exports/`; else a folder of its own in the temporary directory. Nodes that share a
    /// PostgreSQL database share it too, as they share the import folder (DEPLOY.md).
    public var exportFolder: URL

    /// The time the gateway takes as now: for `date=ap…` searches, future-measurement checks, scoring
    /// windows that end today, job timestamps and history retention. Tests pin it, so no answer depends
    /// on the day the tests run.
    public var clock: @Sendable () -> Instant

    /// `import.folder`: where `$import` keeps its uploaded inputs and error files. The store's own
    /// folder when it has one (beside an SQLite file, `<file>.imports/`), else a folder of its own in
    /// the temporary directory. Nodes that share a PostgreSQL database and resume each other's jobs
    /// share this folder too (README, "PostgreSQL").
    public var importFolder: URL

    public init(
        host: String = "127.0.0.1", port: Int = 8080, importFolder: URL? = nil,
        samplesPath: String? = "Samples/population.ndjson", maxBodySize: Int = 1 << 20, logLevel: Logger.Level = .info,
        historyRetentionDays: Int? = 365, statisticsMaxAgeSeconds: Int64 = 300, statisticsMaxConcurrent: Int = 2,
        importLimits: ImportLimits = ImportLimits(), exportFolder: URL? = nil,
        clock: @escaping @Sendable () -> Instant = { .now() }
    ) {
        self.host = host
        self.port = port
        self.samplesPath = samplesPath
        self.maxBodySize = maxBodySize
        self.logLevel = logLevel
        self.historyRetentionDays = historyRetentionDays
        self.statisticsMaxAgeSeconds = statisticsMaxAgeSeconds
        self.statisticsMaxConcurrent = statisticsMaxConcurrent
        self.importLimits = importLimits
        self.clock = clock
        self.importFolder = importFolder ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("health-gateway-imports-\(UUID().uuidString)", isDirectory: true)
        self.exportFolder = exportFolder ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("health-gateway-exports-\(UUID().uuidString)", isDirectory: true)
    }
}
