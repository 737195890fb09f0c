import Foundation
import GatewayServer
import Interactions
import Synchronization

/// What `import` shows while it runs: on a terminal, the progress bar redrawn in place on standard
/// error (at most ten times a second); elsewhere nothing until the summary line.
final class ImportDisplay: Sendable {
    let terminal: Bool
    private let started = Date()
    private let lastDrawn = Mutex<Date?>(nil)

    init(terminal: Bool) {
        self.terminal = terminal
    }

    func show(_ progress: ImportProgress) {
        guard terminal else { return }
        let now = Date()
        let draw = lastDrawn.withLock { last in
            guard last.map({ now.timeIntervalSince($0) >= 0.1 }) ?? true || progress.bytesDone >= progress.bytesTotal else {
                return false
            }
            last = now
            return true
        }
        guard draw else { return }
        let line = ImportProgressBar().line(bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal,
                                            resources: progress.resources, seconds: now.timeIntervalSince(started))
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8))
    }

    func end() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// `imported 1,000 resources from 3 files in 2.1 s (476/s): 990 imported, ...`.
    func summary(_ summary: ImportSummary, files: Int, report: String?) -> String {
        Self.summary(summary.counts.total, files: files, seconds: Date().timeIntervalSince(started), report: report)
    }

    static func summary(_ total: ImportTally, files: Int, seconds: Double, report: String?) -> String {
        let read = total.total
        let rate = seconds > 0 ? Int((Double(read) / seconds).rounded()) : read
        let grouped = ImportProgressBar.grouped
        return "read \(grouped(read)) resources from \(files) file\(files == 1 ? "" : "s") in "
            + String(format: "%.1f", seconds) + " s (\(grouped(rate))/s): \(grouped(total.imported)) imported, "
            + "\(grouped(total.updated)) updated, \(grouped(total.unchanged)) unchanged, \(grouped(total.skipped)) skipped, "
            + "\(grouped(total.failed)) failed" + (report.map { " (report: \($0))" } ?? "")
    }
}
