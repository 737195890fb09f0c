import ArgumentParser
import Foundation
import GatewayServer
import Interactions

/// `health-gateway export --url BASE --out DIR`: a Bulk Data export of a running gateway into a folder,
/// which `health-gateway import DIR` reads back (into another gateway or database).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a running gateway's Patients and Observations as FHIR NDJSON files (Bulk Data $export).",
        discussion: """
            Kicks off $export, shows a progress bar while the job runs (on a terminal), downloads every file of \
            the manifest into --out, removes the job from the server and prints a summary with the \
            transactionTime: export again with --since set to it for what changed afterwards. \
            `health-gateway import DIR` imports the folder.
            """
    )

    @Option(help: ArgumentHelp("The FHIR base URL of the gateway (http://localhost:8080/fhir).", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("The folder the NDJSON files are written to (made if missing).", valueName: "path"))
    var out: String

    @Option(help: ArgumentHelp("Types to export, comma-separated: Patient, Observation (default: both).", valueName: "types"))
    var type: String?

    @Option(help: ArgumentHelp("Only resources created or changed after this instant (a previous export's transactionTime).",
                               valueName: "instant"))
    var since: String?

    @Option(help: ArgumentHelp("A search resources of its type must match (Observation?category=laboratory); repeatable.",
                               valueName: "query"))
    var typeFilter: [String] = []

    @Option(help: ArgumentHelp("A bearer token for a gateway with authorization on (env HEALTH_GATEWAY_TOKEN); it needs "
        + "system/*.rs or the system scopes of the types exported.", valueName: "token"))
    var token: String?

    func validate() throws {
        if URL(string: url)?.scheme?.hasPrefix("http") != true { throw ValidationError("--url '\(url)' is not an http(s) URL") }
    }

    func run() async throws {
        guard let base = URL(string: url) else { throw ValidationError("--url '\(url)' is not an http(s) URL") }
        var query: [URLQueryItem] = []
        if let type { query.append(URLQueryItem(name: "_type", value: type)) }
        if let since { query.append(URLQueryItem(name: "_since", value: since)) }
        if !typeFilter.isEmpty { query.append(URLQueryItem(name: "_typeFilter", value: typeFilter.joined(separator: ","))) }
        let display = ImportDisplay(terminal: isatty(STDERR_FILENO) != 0)
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        let started = Date()
        let export = RemoteExport(base: base, token: EnvironmentDefault.optional(token, "HEALTH_GATEWAY_TOKEN"))
        let summary: RemoteExport.Summary
        do {
            summary = try await export.run(query: query, into: folder) { display.show($0) }
        } catch let failure as RemoteExport.Failure {
            display.end()
            throw ValidationError(failure.description)
        }
        display.end()
        print(Self.summary(summary, folder: out, seconds: Date().timeIntervalSince(started)))
    }

    /// `exported 4,272 resources (Patient 30, Observation 4,242) in 2 files to DIR in 1.2 s (3,560/s); …`.
    static func summary(_ summary: RemoteExport.Summary, folder: String, seconds: Double) -> String {
        let grouped = ImportProgressBar.grouped
        var perType: [(String, Int)] = []
        for file in summary.files {
            if let index = perType.firstIndex(where: { $0.0 == file.type }) { perType[index].1 += file.count } else {
                perType.append((file.type, file.count))
            }
        }
        let rate = seconds > 0 ? Int((Double(summary.resources) / seconds).rounded()) : summary.resources
        var text = "exported \(grouped(summary.resources)) resources ("
            + perType.map { "\($0.0) \(grouped($0.1))" }.joined(separator: ", ") + ") in \(summary.files.count) file"
            + (summary.files.count == 1 ? "" : "s") + " to \(folder) in " + String(format: "%.1f", seconds) + " s (\(grouped(rate))/s); "
            + "transactionTime \(summary.transactionTime) (export again with --since \(summary.transactionTime) for what "
            + "changes after it)"
        for warning in summary.warnings { text += "\nwarning: \(warning)" }
        return text
    }
}
