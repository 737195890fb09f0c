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
        try? FileManager.default.removeItem(at: screenshots)  // only this run's pictures count
        let (status, output) = try PythonClient.run("score_page_check.py", [
            "--gateway", try CommandLineTests.executable().path, "--root", root.path, "--screenshots", screenshots.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("score page: every check passed"), "\(output)")
        for view in ["population-view", "patient-view", "missing-data-view", "patient-view-phone", "patient-view-smart"] {
            #expect(FileManager.default.fileExists(atPath: screenshots.appendingPathComponent("\(view).png").path),
                    "a screenshot of \(view)")
        }
    }
}
