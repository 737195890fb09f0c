import ArgumentParser
import GatewayServer
import Logging

/// `serve`'s options for operators: the log format and the access log, and how a shutdown drains.
struct OperationOptions: ParsableArguments {
    enum LogFormat: String, ExpressibleByArgument, CaseIterable, LosslessStringConvertible {
        case text, json

        init?(_ description: String) { self.init(rawValue: description) }
        var description: String { rawValue }
    }

    @Option(help: ArgumentHelp("text (swift-log's lines) or json (one JSON object per line, for log shippers) (env "
                               + "HEALTH_GATEWAY_LOG_FORMAT; default text).", valueName: "format"))
    var logFormat: LogFormat?

    @Flag(help: "No access-log line per request (env HEALTH_GATEWAY_NO_ACCESS_LOG); X-Request-ID is still given and returned.")
    var noAccessLog = false

    @Flag(help: "No Prometheus metrics at /metrics (env HEALTH_GATEWAY_NO_METRICS).")
    var noMetrics = false

    @Option(help: ArgumentHelp(
        "Serve /metrics on this port (a management port) instead of the main one (env HEALTH_GATEWAY_METRICS_PORT; "
            + "default the main port).", valueName: "port"))
    var metricsPort: Int?

    @Option(help: ArgumentHelp(
        "Seconds the server keeps serving after SIGTERM with /readyz answering 503, so load balancers stop sending it "
            + "requests before the listener closes (env HEALTH_GATEWAY_SHUTDOWN_DELAY; default 0; 5 behind Kubernetes).",
        valueName: "seconds"))
    var shutdownDelay: Int?

    @Option(help: ArgumentHelp(
        "Seconds from SIGTERM within which requests in flight finish and jobs checkpoint; what still runs then is "
            + "cancelled (env HEALTH_GATEWAY_SHUTDOWN_TIMEOUT; default 30).", valueName: "seconds"))
    var shutdownTimeout: Int?

    /// Installs the log format for the whole process (unless `install` is false: only read it); call
    /// before any logger is made.
    func bootstrapLogging(install: Bool = true) throws {
        let format = try EnvironmentDefault.value(logFormat, "HEALTH_GATEWAY_LOG_FORMAT", default: .text)
        if format == .json, install { LoggingSystem.bootstrap { label in JSONLogHandler(label: label) } }
    }

    /// Whether there are metrics, and on which port when not the main one.
    func metricsSettings() throws -> (enabled: Bool, port: Int?) {
        guard try !EnvironmentDefault.flag(noMetrics, "HEALTH_GATEWAY_NO_METRICS") else { return (false, nil) }
        let port = try EnvironmentDefault.optional(metricsPort.map(String.init), "HEALTH_GATEWAY_METRICS_PORT").map { text in
            guard let port = Int(text) else {
                throw ValidationError("metrics.port (HEALTH_GATEWAY_METRICS_PORT) '\(text)' is not a port")
            }
            return port
        }
        if let port, !(1...65_535).contains(port) { throw ValidationError("--metrics-port \(port) is not between 1 and 65535") }
        return (true, port)
    }

    func accessLog() throws -> Bool { try !EnvironmentDefault.flag(noAccessLog, "HEALTH_GATEWAY_NO_ACCESS_LOG") }

    func runner(readiness: Readiness) throws -> GatewayRunner {
        let delay = try EnvironmentDefault.value(shutdownDelay, "HEALTH_GATEWAY_SHUTDOWN_DELAY", default: 0)
        let timeout = try EnvironmentDefault.value(shutdownTimeout, "HEALTH_GATEWAY_SHUTDOWN_TIMEOUT", default: 30)
        guard (0...3_600).contains(delay) else { throw ValidationError("--shutdown-delay must be from 0 to 3600 seconds") }
        guard (1...3_600).contains(timeout), timeout > delay else {
            throw ValidationError("--shutdown-timeout must be from 1 to 3600 seconds and longer than --shutdown-delay")
        }
        return GatewayRunner(readiness: readiness, drainDelay: .seconds(delay), deadline: .seconds(timeout))
    }
}
