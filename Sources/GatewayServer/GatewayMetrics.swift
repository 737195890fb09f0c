public import Prometheus
import CoreMetrics
import Foundation
import Interactions
import Store
import Synchronization

/// The gateway's Prometheus metrics (https://prometheus.io/docs/instrumenting/writing_exporters/),
/// served at `/metrics` in the text format (README, "Metrics"). Label sets are bounded by
/// construction: route templates, FHIR interaction names, the resource types the gateway serves, status
/// classes and fixed reasons; never an id, a name, a client or a query value. Modelled on Blaze's
/// `http_fhir_requests_total` and `http_fhir_request_duration_seconds`.
///
/// `serve` also bootstraps swift-metrics with a `PrometheusMetricsFactory` over the same registry, so
/// what libraries record through swift-metrics shows here too.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    private struct RequestKey: Hashable {
        var method: String, route: String, interaction: String, type: String, statusClass: String
    }

    /// A label set's counter and histogram (the registry returns the same histogram for every status class).
    private struct RequestSeries {
        var count: Prometheus.Counter
        var duration: DurationHistogram
    }

    private let requestSeries = Mutex<[RequestKey: RequestSeries]>([:])
    private let inFlight: Prometheus.Gauge
    /// Seconds; from half a millisecond (a probe, a cached read) to half a minute (a large Bundle).
    static let durationBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2_500),
        .seconds(5), .seconds(10), .seconds(30),
    ]

    private let storeDurations: [StoreOperation: DurationHistogram]
    private let storeErrors: [StoreOperation: Prometheus.Counter]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let durations = Self.descriptor("store_call_duration_seconds", help: "Time of the store's calls (a connection's "
            + "wait included), by operation: the HealthStore method.")
        let errors = Self.descriptor("store_call_errors_total", help: "Store calls that threw, by operation.")
        storeDurations = Dictionary(uniqueKeysWithValues: StoreOperation.allCases.map { operation in
            (operation, registry.makeDurationHistogram(descriptor: durations, labels: [("operation", operation.rawValue)],
                                                       buckets: Self.durationBuckets))
        })
        storeErrors = Dictionary(uniqueKeysWithValues: StoreOperation.allCases.map { operation in
            (operation, registry.makeCounter(descriptor: errors, labels: [("operation", operation.rawValue)]))
        })
        inFlight = registry.makeGauge(descriptor: Self.descriptor("http_requests_in_flight",
                                                                  help: "Requests being answered (the probes and /metrics included)."),
                                      labels: [])
    }

    /// Makes these the process's metrics: what libraries record through swift-metrics lands in this
    /// registry, and the stores' waits for a connection (`PoolWaits`) in `store_pool_wait_seconds`. Once
    /// per process (the `serve` command); a second call traps, as swift-metrics' bootstrap does.
    public func bootstrapProcessWide() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        PoolWaits.listen { [self] access, wait in poolWaited(access, wait) }
    }

    private let poolWaits = Mutex<[PoolWaits.Access: DurationHistogram]>([:])

    /// A store call's wait for a connection, by engine and kind of access.
    func poolWaited(_ access: PoolWaits.Access, _ wait: Duration) {
        let waits = poolWaits.withLock { histograms in
            if let existing = histograms[access] { return existing }
            let made = histogram("store_pool_wait_seconds", labels: [("engine", access.engine), ("access", access.kind)],
                                 buckets: Self.durationBuckets,
                                 help: "Time store calls waited for a database connection (a PostgreSQL transaction's "
                                    + "BEGIN included), by engine and kind of access.")
            histograms[access] = made
            return made
        }
        waits.record(wait)
    }

    private static func descriptor(_ name: String, help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    private func counter(_ name: String, labels: [(String, String)], help: String) -> Prometheus.Counter {
        registry.makeCounter(descriptor: Self.descriptor(name, help: help), labels: labels)
    }

    private func gauge(_ name: String, labels: [(String, String)], help: String) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: Self.descriptor(name, help: help), labels: labels)
    }

    private func histogram(_ name: String, labels: [(String, String)], buckets: [Duration], help: String) -> DurationHistogram {
        registry.makeDurationHistogram(descriptor: Self.descriptor(name, help: help), labels: labels, buckets: buckets)
    }

    func requestStarted() { inFlight.increment() }
    func requestEnded() { inFlight.decrement() }

    /// Counts an answered request and records its duration: one lock and one lookup on the way, the
    /// series made the first time a label set is seen.
    func record(method: String, route: String, interaction: String, type: String, status: Int, duration: Duration) {
        let statusClass = "\(min(max(status / 100, 1), 5))xx"
        let key = RequestKey(method: method, route: route, interaction: interaction, type: type, statusClass: statusClass)
        let series = requestSeries.withLock { known in
            if let existing = known[key] { return existing }
            let made = RequestSeries(
                count: counter("http_requests_total",
                               labels: [("method", method), ("route", route), ("interaction", interaction), ("type", type),
                                        ("status", statusClass)],
                               help: "Requests answered, by route template, FHIR interaction, resource type and status class."),
                duration: histogram("http_request_duration_seconds",
                                    labels: [("method", method), ("route", route), ("interaction", interaction), ("type", type)],
                                    buckets: Self.durationBuckets,
                                    help: "Time from the request's head to its answer, by route template, FHIR interaction "
                                        + "and resource type."))
            known[key] = made
            return made
        }
        series.count.increment()
        series.duration.record(duration)
    }

    /// One store call's time, and whether it threw.
    func storeCall(_ operation: StoreOperation, duration: Duration, failed: Bool) {
        storeDurations[operation]?.record(duration)
        if failed { storeErrors[operation]?.increment() }
    }

    /// A refused authentication, by reason (`TokenError`'s kinds: missing, malformed, expired, …).
    func authenticationFailed(_ reason: String) {
        counter("auth_failures_total", labels: [("reason", reason)],
                             help: "Requests refused with 401, by why the token was not accepted.").increment()
    }

    /// A request refused by the rate limits or the bound on requests in flight, by which.
    func limited(_ reason: String) {
        counter("rate_limited_total", labels: [("reason", reason)],
                             help: "Requests refused with 429 or 503 by the rate limits (client, address, failed_auth) "
                                + "or the bound on requests in flight (in_flight).").increment()
    }

    /// For `ImportJobs(onChunk:)`: what one committed chunk did with its lines.
    var importChunkCommitted: @Sendable (ImportTally) -> Void {
        { [self] tally in imported(tally) }
    }

    /// For `ImportJobs(onProgress:)`: counts the jobs that end.
    var importJobEnded: @Sendable (ImportJob) -> Void {
        { [self] job in
            if job.status == .completed || job.status == .failed { jobFinished("import", status: job.status.rawValue) }
        }
    }

    /// For `ExportJobs(onFinish:)`.
    var exportJobEnded: @Sendable (ExportJob) -> Void {
        { [self] job in jobFinished("export", status: job.status.rawValue, resources: job.status == .completed ? job.resources : nil) }
    }

    private func imported(_ tally: ImportTally) {
        for (outcome, count) in [("imported", tally.imported), ("updated", tally.updated), ("unchanged", tally.unchanged),
                                 ("skipped", tally.skipped), ("failed", tally.failed)] where count > 0 {
            counter("import_lines_total", labels: [("outcome", outcome)],
                                 help: "$import lines committed, by what became of them.").increment(by: Int64(count))
        }
    }

    /// A job that ended, by kind (`import`, `export`) and status.
    private func jobFinished(_ kind: String, status: String, resources: Int? = nil) {
        counter("\(kind)_jobs_finished_total", labels: [("status", status)],
                             help: "\(kind == "import" ? "$import" : "$export") jobs that ended on this node, by status.")
            .increment()
        if let resources, resources > 0 {
            counter("export_resources_total", labels: [],
                                 help: "Resources written by completed $export jobs.").increment(by: Int64(resources))
        }
    }

    private let countersRead = Mutex<[String: Double]>([:])

    /// Moves a counter read at scrape time (the process's CPU seconds) up to `total`.
    func advance(_ name: String, to total: Double, help: String) {
        let counter = counter(name, labels: [], help: help)
        let step = countersRead.withLock { read in
            defer { read[name] = max(read[name] ?? 0, total) }
            return total - (read[name] ?? 0)
        }
        if step > 0 { counter.increment(by: step) }
    }

    /// Sets a gauge read at scrape time.
    func set(_ name: String, _ value: Double, help: String, labels: [(String, String)] = []) {
        gauge(name, labels: labels, help: help).set(to: value)
    }

    /// The text format (version 0.0.4).
    func emit() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16_384)
        registry.emit(into: &bytes)
        return bytes
    }
}
