import Hummingbird
import HTTPTypes
import Interactions
import NativeModel
import Scoring
import Store

/// `GET /metrics`: the Prometheus text format (version 0.0.4). What is a level rather than a count (jobs
/// running, the statistics' age, the process's memory and CPU) is read when scraped.
struct MetricsEndpoint: Sendable {
    let metrics: GatewayMetrics
    /// Sets the gauges read at scrape time.
    let collect: @Sendable () async -> Void

    init<Store: HealthStore>(metrics: GatewayMetrics, statistics: PopulationStatistics<Store>, imports: ImportJobs<Store>,
                             exports: ExportJobs<Store>, clock: @escaping @Sendable () -> Instant) {
        self.metrics = metrics
        collect = {
            metrics.set("import_jobs_running", Double(await imports.running), help: "$import jobs running on this node.")
            metrics.set("export_jobs_running", Double(await exports.running), help: "$export jobs running on this node.")
            if let newest = await statistics.newest {
                metrics.set("population_statistics_age_seconds", Double(newest.computedAt.milliseconds(to: clock())) / 1_000,
                            help: "Age of the newest population statistics of $health-score this node holds.")
                metrics.set("population_statistics_refresh_seconds", Double(newest.computeMilliseconds) / 1_000,
                            help: "How long computing the newest population statistics (and every patient's score) took.")
                metrics.set("population_statistics_patients", Double(newest.patients),
                            help: "Patients behind the newest population statistics.")
            }
            Self.collectProcess(metrics)
        }
    }

    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    func register(on router: Router<GatewayRequestContext>) {
        router.get("metrics") { _, _ in
            await collect()
            return Response(status: .ok, headers: [.contentType: Self.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: metrics.emit())))
        }
    }

    private static func collectProcess(_ metrics: GatewayMetrics) {
        guard let process = ProcessStatistics.current() else { return }
        metrics.advance("process_cpu_seconds_total", to: process.cpuSeconds, help: "User and system CPU time spent, in seconds.")
        metrics.set("process_resident_memory_bytes", process.residentBytes, help: "Resident memory size in bytes.")
        metrics.set("process_virtual_memory_bytes", process.virtualBytes, help: "Virtual memory size in bytes.")
        metrics.set("process_start_time_seconds", process.startTimeSeconds,
                    help: "Start time of the process since the Unix epoch, in seconds.")
        metrics.set("process_open_fds", process.openFileDescriptors, help: "Open file descriptors.")
        if let limit = process.maxFileDescriptors {
            metrics.set("process_max_fds", limit, help: "The most file descriptors the process may open.")
        }
    }
}
