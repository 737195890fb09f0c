import Foundation
public import Hummingbird
public import Interactions
public import Logging
import NativeModel
import PopulationGenerator
public import Scoring
public import Store

/// Builds the application around a store the store factory opened: what the store needs runs as the
/// first service (so it stops last); the server listens at once, while the store is migrated and
/// `Samples/` loaded into it when it is new (`NodeLifecycle`; `/readyz` says when that is done).
public func buildApplication(_ configuration: GatewayConfiguration, opened: OpenedStore,
                             readiness: Readiness = Readiness()) async throws
    -> Application<RouterResponder<GatewayRequestContext>>
{
    if let metrics = configuration.metrics {
        return try await buildInstrumented(configuration, store: opened.store, metrics: metrics, opened: opened,
                                           readiness: readiness)
    }
    return try await buildApplication(configuration, store: opened.store, opened: opened, readiness: readiness)
}

/// The application over the store with its calls timed, specialized for the engine's own store type.
private func buildInstrumented<Store: HealthStore>(_ configuration: GatewayConfiguration, store: Store, metrics: GatewayMetrics,
                                                   opened: OpenedStore, readiness: Readiness) async throws
    -> Application<RouterResponder<GatewayRequestContext>>
{
    try await buildApplication(configuration, store: InstrumentedStore(store, metrics: metrics), opened: opened,
                               readiness: readiness)
}

private func buildApplication<Store: HealthStore>(_ configuration: GatewayConfiguration, store: Store,
                                                  opened: OpenedStore, readiness: Readiness) async throws
    -> Application<RouterResponder<GatewayRequestContext>>
{
    var configuredLogger = Logger(label: "health-gateway")
    configuredLogger.logLevel = configuration.logLevel
    let logger = configuredLogger
    let statistics = PopulationStatistics(store: store, maximumAgeSeconds: configuration.statisticsMaxAgeSeconds,
                                          maximumConcurrentWork: configuration.statisticsMaxConcurrent,
                                          clock: configuration.clock, executor: BackgroundExecutor.shared)
    let metrics = configuration.metrics
    let imports = ImportJobs(store: store, folder: configuration.importFolder, chunkSize: opened.importChunkSize,
                             limits: configuration.importLimits, now: configuration.clock,
                             onProgress: metrics?.importJobEnded, onChunk: metrics?.importChunkCommitted,
                             executor: BackgroundExecutor.shared)
    let exports = ExportJobs(store: store, folder: configuration.exportFolder, limits: configuration.exportLimits,
                             now: configuration.clock, executor: BackgroundExecutor.shared,
                             onFinish: metrics?.exportJobEnded)
    let audit = configuration.audit?.trail(store: store, logger: logger)
    var application = Application(
        router: buildRouter(configuration, store: store, statistics: statistics, imports: imports, exports: exports,
                            audit: audit, readiness: readiness),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "HealthGateway"),
        logger: logger
    )
    let startup = StartupGate()
    if let run = opened.run { application.addServices(StoreService(run: run)) }
    if let metrics, let port = configuration.metricsPort {
        let management = Router(context: GatewayRequestContext.self)
        MetricsEndpoint(metrics: metrics, statistics: statistics, imports: imports, exports: exports, clock: configuration.clock)
            .register(on: management)
        application.addServices(Application(router: management, configuration: .init(
            address: .hostname(configuration.host, port: port), serverName: "HealthGateway"), logger: logger))
    }
    application.addServices(PopulationRefresher(
        statistics: statistics, logger: logger,
        interval: .seconds(max(1, min(configuration.statisticsMaxAgeSeconds / 2, 60))), startup: startup))
    // Pruned often enough that an export's files outlive their expiry by a quarter of it at most.
    let pruning = Duration.seconds(min(3_600, max(30, configuration.exportLimits.expirySeconds / 4)))
    application.addServices(HistoryPruner(store: store, retentionDays: configuration.historyRetentionDays, imports: imports,
                                          exports: exports, auditRetentionDays: configuration.audit?.retentionDays,
                                          logger: logger, interval: pruning, clock: configuration.clock,
                                          startup: startup))
    application.addServices(JobWatcher(imports: imports, logger: logger, startup: startup))
    application.addServices(JobWatcher(exports: exports, logger: logger, startup: startup))
    let samplesPath = configuration.samplesPath
    application.addServices(NodeLifecycle(readiness: readiness, startup: startup, logger: logger, start: {
        try await opened.migrate()
        if let samplesPath, try await seedSamples(store, from: samplesPath, logger: logger),
           let today = ScoringWindow(days: ScoringWindow.defaultDays, asOf: OffsetDateTime(configuration.clock(),
                                                                                           utcOffsetMinutes: 0)) {
            try await statistics.refresh(today)  // the samples are the population now
        }
        // A job that cannot be resumed must not keep the server from serving: it is logged, not thrown.
        do {
            for job in try await imports.resumeUnfinished() {
                logger.info("resuming import job \(job.id) after line \(job.linesDone)")
            }
        } catch {
            logger.error("import jobs could not be resumed: \(error)")
        }
        do {
            for job in try await exports.resumeUnfinished() {
                logger.info("starting export job \(job.id) over (restart \(job.restarts))")
            }
        } catch {
            logger.error("export jobs could not be resumed: \(error)")
        }
    }, checkpoint: {
        let imported = await imports.checkpointRunning().map { "import job \($0.id) after line \($0.linesDone)" }
        let exported = await exports.releaseRunning().map { "export job \($0) (it starts over when resumed)" }
        await audit?.flush()  // the queued audit records, before the store closes
        return imported + exported
    }))
    return application
}

/// The application over a given store: what tests build with an in-memory store.
public func buildApplication<Store: HealthStore>(
    _ configuration: GatewayConfiguration, store: Store, logger: Logger = Logger(label: "health-gateway")
) -> Application<RouterResponder<GatewayRequestContext>> {
    Application(
        router: buildRouter(configuration, store: store),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "HealthGateway"),
        logger: logger
    )
}

/// The routes: the probes (`/livez`, `/readyz`), the native API under `/api/v1`, `/fhir` and the score page at `/app/`,
/// behind the error middleware.
public func buildRouter<Store: HealthStore>(
    _ configuration: GatewayConfiguration, store: Store, statistics: PopulationStatistics<Store>? = nil,
    imports: ImportJobs<Store>? = nil, exports: ExportJobs<Store>? = nil, audit: AuditTrail? = nil,
    readiness: Readiness = Readiness(.ready)
) -> Router<GatewayRequestContext> {
    let statistics = statistics ?? PopulationStatistics(store: store, maximumAgeSeconds: configuration.statisticsMaxAgeSeconds,
                                                        maximumConcurrentWork: configuration.statisticsMaxConcurrent,
                                                        clock: configuration.clock, executor: BackgroundExecutor.shared)
    let imports = imports ?? ImportJobs(store: store, folder: configuration.importFolder, limits: configuration.importLimits,
                                        now: configuration.clock, executor: BackgroundExecutor.shared)
    let exports = exports ?? ExportJobs(store: store, folder: configuration.exportFolder, limits: configuration.exportLimits,
                                        now: configuration.clock, executor: BackgroundExecutor.shared)
    let clock = configuration.clock
    var configuration = configuration
    configuration.authorization = configuration.authorization.attachingBackend(to: store, now: {
        Date(timeIntervalSince1970: Double(clock().millisecondsSince1970) / 1000)
    })
    let router = Router(context: GatewayRequestContext.self)
    // Outermost: the request id reaches every log line of the request; the access log and the metrics see every answer.
    router.add(middleware: RequestTelemetryMiddleware(writesAccessLog: configuration.accessLog, metrics: configuration.metrics))
    // Outermost: a preflight is answered before authorization, and every answer, errors too, carries the headers.
    if configuration.cors.isEnabled { router.add(middleware: CORSGate(configuration.cors)) }
    // Outside the error middleware, so it sees every answer as a response; before the limits and
    // authorization, so refused requests leave their record too.
    let audit = audit ?? configuration.audit?.trail(store: store, logger: Logger(label: "health-gateway.audit"))
    if let audit { router.add(middleware: AuditMiddleware(trail: audit, clock: configuration.clock)) }
    router.add(middleware: APIErrorMiddleware())
    router.add(middleware: StartupGateMiddleware(readiness: readiness))
    let guardian = configuration.rateLimits.map { RateLimitGuard($0, now: configuration.rateLimitClock) }
    if let guardian {
        router.add(middleware: InFlightLimitMiddleware(guardian: guardian))
        router.add(middleware: AuthFailureLimitMiddleware(guardian: guardian))
    }
    router.add(middleware: AuthMiddleware(authorization: configuration.authorization))
    if let guardian { router.add(middleware: ClientRateLimitMiddleware(guardian: guardian)) }
    HealthController(store: store, readiness: readiness).register(on: router)
    if case .smart(let smart) = configuration.authorization, let backend = smart.backend {
        TokenController(backend: backend).register(on: router)
    }
    if let metrics = configuration.metrics, configuration.metricsPort == nil {
        MetricsEndpoint(metrics: metrics, statistics: statistics, imports: imports, exports: exports, clock: configuration.clock)
            .register(on: router)
    }
    let api = router.group("api/v1")
    let limit = configuration.maxBodySize
    UsersController(store: store, maxBodySize: limit).register(on: api)
    HealthScoreController(store: store, statistics: statistics, clock: configuration.clock,
                          authorization: configuration.authorization).register(on: router, api: api)
    MeasurementController<ActivityRecord, Store>(store: store, maxBodySize: limit).register(on: api)
    MeasurementController<SleepRecord, Store>(store: store, maxBodySize: limit).register(on: api)
    MeasurementController<BloodTestRecord, Store>(store: store, maxBodySize: limit).register(on: api)
    MeasurementController<VitalSignRecord, Store>(store: store, maxBodySize: limit).register(on: api)
    FHIRController(store: store, statistics: statistics, imports: imports, exports: exports, cursorKey: SearchCursorKey(store: store),
                   clock: configuration.clock, maxBodySize: limit, maxBundleSize: configuration.maxBundleSize,
                   largeBundles: BundleAdmission(limit: configuration.bundlesMaxConcurrent), authorization: configuration.authorization,
                   version: GatewayVersion.current, releaseDate: GatewayVersion.releaseDate, address: configuration.address)
        .register(on: router)
    if let files = configuration.scorePage {
        ScorePageController(files: files, settings: configuration.scorePageSettings, authorization: configuration.authorization,
                            address: configuration.address).register(on: router)
    }
    return router
}

/// Loads the samples into a new database; returns whether it loaded them.
private func seedSamples(_ store: some HealthStore, from path: String, logger: Logger) async throws -> Bool {
    guard FileManager.default.fileExists(atPath: path) else {
        logger.warning("no samples at \(path) (run from the repository root, or pass --samples or --no-samples)")
        return false
    }
    switch try await SampleSeeder.seedIfNew(store, from: path) {
    case .loaded(let summary):
        logger.info("loaded samples from \(path): \(summary.users) users, \(summary.measurements) measurements")
        return true
    case .alreadyLoaded:
        logger.debug("samples were loaded before; not loading them again")
    case .databaseNotEmpty:
        logger.debug("the database has users of its own; samples not loaded")
    }
    return false
}
