import ArgumentParser
import Foundation
import GatewayServer
import Logging

/// The `serve` options of the score page at `/app/` (README, "The score page"), each with its
/// environment variable.
struct ScorePageOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The score page's folder, served at /app/ (env HEALTH_GATEWAY_APP; default App, when it "
        + "exists).", valueName: "path"))
    var app: String?

    @Flag(help: "Serve no score page (env HEALTH_GATEWAY_NO_APP).")
    var noApp = false

    @Option(help: ArgumentHelp("With --auth smart: the client id the page is registered under at the identity provider, "
        + "a public client with PKCE and redirect URI <server>/app/ (env HEALTH_GATEWAY_APP_CLIENT_ID; default "
        + "\(ScorePageSettings.defaultClientID)).", valueName: "id"))
    var appClientId: String?

    @Option(help: ArgumentHelp("With --auth smart: the scopes the page asks for (env HEALTH_GATEWAY_APP_SCOPE; default "
        + "'\(ScorePageSettings.defaultScope)').", valueName: "scopes"))
    var appScope: String?

    static let defaultFolder = "App"

    /// The page's files: from the folder named, which must hold an `index.html`; from `App` when none is
    /// named and it exists (run from the repository root); nil with --no-app, or when `App` is missing
    /// (logged).
    func files(logger: Logger) throws -> ScorePageFiles? {
        guard try !EnvironmentDefault.flag(noApp, "HEALTH_GATEWAY_NO_APP") else { return nil }
        let named = EnvironmentDefault.optional(app, "HEALTH_GATEWAY_APP")
        let path = named ?? Self.defaultFolder
        guard named != nil || FileManager.default.fileExists(atPath: path) else {
            logger.warning("no score page at \(path) (run from the repository root, or pass --app or --no-app)")
            return nil
        }
        do {
            return try ScorePageFiles(folder: URL(fileURLWithPath: path, isDirectory: true))
        } catch {
            throw ValidationError("--app \(path): not a folder with an index.html (\(error.localizedDescription))")
        }
    }

    func settings() -> ScorePageSettings {
        ScorePageSettings(
            clientID: EnvironmentDefault.optional(appClientId, "HEALTH_GATEWAY_APP_CLIENT_ID") ?? ScorePageSettings.defaultClientID,
            scope: EnvironmentDefault.optional(appScope, "HEALTH_GATEWAY_APP_SCOPE") ?? ScorePageSettings.defaultScope)
    }
}
