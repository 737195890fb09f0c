/// Every setting's three names: its dotted key in a configuration file (`serve --config`), its
/// environment variable, and whether its value is a secret (redacted by `health-gateway config`). The
/// command-line option is the key's last part in kebab case, as each option's help says.
struct SettingKey: Sendable {
    let key: String
    let variable: String
    let secret: Bool

    init(_ key: String, _ variable: String, secret: Bool = false) {
        self.key = key
        self.variable = "HEALTH_GATEWAY_" + variable
        self.secret = secret
    }
}

enum SettingKeys {
    static let all: [SettingKey] = [
        SettingKey("http.host", "HOST"),
        SettingKey("http.port", "PORT"),
        SettingKey("http.publicURL", "PUBLIC_URL"),
        SettingKey("http.trustedProxies", "TRUSTED_PROXIES"),
        SettingKey("http.corsOrigins", "CORS_ORIGINS"),
        SettingKey("http.maxBodySize", "MAX_BODY_SIZE"),
        SettingKey("http.maxBundleSize", "MAX_BUNDLE_SIZE"),
        SettingKey("http.bundlesMaxConcurrent", "BUNDLES_MAX_CONCURRENT"),
        SettingKey("http.maxInFlight", "MAX_IN_FLIGHT"),
        SettingKey("db.url", "DATABASE", secret: true),
        SettingKey("db.poolSize", "DATABASE_POOL_SIZE"),
        SettingKey("db.replicas", "DATABASE_REPLICAS", secret: true),
        SettingKey("db.replicaMaxLag", "REPLICA_MAX_LAG"),
        SettingKey("db.inMemory", "IN_MEMORY"),
        SettingKey("samples.path", "SAMPLES"),
        SettingKey("samples.disabled", "NO_SAMPLES"),
        SettingKey("app.path", "APP"),
        SettingKey("app.disabled", "NO_APP"),
        SettingKey("app.clientId", "APP_CLIENT_ID"),
        SettingKey("app.scope", "APP_SCOPE"),
        SettingKey("log.level", "LOG_LEVEL"),
        SettingKey("log.format", "LOG_FORMAT"),
        SettingKey("log.accessLogDisabled", "NO_ACCESS_LOG"),
        SettingKey("metrics.disabled", "NO_METRICS"),
        SettingKey("metrics.port", "METRICS_PORT"),
        SettingKey("shutdown.delaySeconds", "SHUTDOWN_DELAY"),
        SettingKey("shutdown.timeoutSeconds", "SHUTDOWN_TIMEOUT"),
        SettingKey("history.retentionDays", "HISTORY_RETENTION_DAYS"),
        SettingKey("audit.disabled", "NO_AUDIT"),
        SettingKey("audit.log", "AUDIT_LOG"),
        SettingKey("audit.batchMs", "AUDIT_BATCH_MS"),
        SettingKey("audit.retentionDays", "AUDIT_RETENTION_DAYS"),
        SettingKey("statistics.maxAgeSeconds", "STATISTICS_MAX_AGE"),
        SettingKey("statistics.maxConcurrent", "STATISTICS_MAX_CONCURRENT"),
        SettingKey("import.folder", "IMPORT_FOLDER"),
        SettingKey("import.maxUploadBytes", "IMPORT_MAX_UPLOAD_BYTES"),
        SettingKey("import.maxDecompressedBytes", "IMPORT_MAX_DECOMPRESSED_BYTES"),
        SettingKey("import.maxLineBytes", "IMPORT_MAX_LINE_BYTES"),
        SettingKey("import.maxJobs", "IMPORT_MAX_JOBS"),
        SettingKey("import.retentionHours", "IMPORT_RETENTION_HOURS"),
        SettingKey("import.leaseSeconds", "IMPORT_LEASE_SECONDS"),
        SettingKey("export.folder", "EXPORT_FOLDER"),
        SettingKey("export.maxJobs", "EXPORT_MAX_JOBS"),
        SettingKey("export.maxResourcesPerFile", "EXPORT_MAX_RESOURCES_PER_FILE"),
        SettingKey("export.expirySeconds", "EXPORT_EXPIRY_SECONDS"),
        SettingKey("rate.limit", "RATE_LIMIT"),
        SettingKey("rate.burst", "RATE_BURST"),
        SettingKey("rate.limitAnonymous", "RATE_LIMIT_ANONYMOUS"),
        SettingKey("auth.mode", "AUTH"),
        SettingKey("auth.issuer", "AUTH_ISSUER"),
        SettingKey("auth.audience", "AUTH_AUDIENCE"),
        SettingKey("auth.jwks", "AUTH_JWKS"),
        SettingKey("auth.authorizeURL", "AUTH_AUTHORIZE_URL"),
        SettingKey("auth.tokenURL", "AUTH_TOKEN_URL"),
        SettingKey("auth.minPopulation", "AUTH_MIN_POPULATION"),
        SettingKey("runtime.executor", "EXECUTOR"),
        SettingKey("client.token", "TOKEN", secret: true),
    ]

    private static let byVariable = Dictionary(uniqueKeysWithValues: all.map { ($0.variable, $0) })

    static func setting(forVariable variable: String) -> SettingKey? { byVariable[variable] }
}
