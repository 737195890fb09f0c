import Foundation
import Testing

/// The score page in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`) driven by
/// selenium (PyPI) through `Tests/Clients/score_page_check.py`, against `health-gateway serve` processes the
/// script starts: authorization off, then a SMART standalone launch with PKCE against a small identity
/// provider. Screenshots of every view go to `.build/score-page-screenshots/`.
@Suite(.serialized) struct ScorePageBrowserTests {
    @Test func scorePageWorksInChromium() throws {
        let root = ServeCommandTests.root
        let screenshots = root.appendingPathComponent(".build/score-page-screenshots")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("Tests/Clients/score_page_check.py").path,
                             "--gateway", try CommandLineTests.executable().path, "--root", root.path,
                             "--screenshots", screenshots.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("score page: every check passed"), "\(output)")
        for view in ["population-view", "patient-view", "missing-data-view", "patient-view-phone", "patient-view-smart"] {
            #expect(FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("\(view).png").path),
                    "a screenshot of \(view)")
        }
    }
}
