import ArgumentParser
import GatewayServer
import Logging

/// `serve`'s authorization options (README, "Authorization"): SMART on FHIR bearer tokens from an
/// external identity provider and from the gateway's own token endpoint for backend clients, or none. Without `--auth`, a server on loopback runs without
/// authorization and any other address refuses to start.
struct AuthOptions: ParsableArguments {
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case none, smart
    }

    @Option(help: ArgumentHelp("none or smart (env HEALTH_GATEWAY_AUTH; default none on a loopback address, required "
                                   + "elsewhere).", valueName: "mode"))
    var auth: Mode?

    @Option(help: ArgumentHelp("The issuer tokens must name in 'iss' (env HEALTH_GATEWAY_AUTH_ISSUER).", valueName: "url"))
    var authIssuer: String?

    @Option(help: ArgumentHelp("This server's FHIR base URL, which tokens must name in 'aud' (env "
                                   + "HEALTH_GATEWAY_AUTH_AUDIENCE).", valueName: "url"))
    var authAudience: String?

    @Option(help: ArgumentHelp("The issuer's JSON Web Key Set: a file, or an https URL fetched at start-up and on an "
                                   + "unknown key id (env HEALTH_GATEWAY_AUTH_JWKS).", valueName: "file-or-url"))
    var authJwks: String?

    @Option(help: ArgumentHelp("The identity provider's authorization endpoint, for discovery (env "
                                   + "HEALTH_GATEWAY_AUTH_AUTHORIZE_URL).", valueName: "url"))
    var authAuthorizeUrl: String?

    @Option(help: ArgumentHelp("The identity provider's token endpoint, for discovery (env HEALTH_GATEWAY_AUTH_TOKEN_URL).",
                               valueName: "url"))
    var authTokenUrl: String?

    @Option(help: ArgumentHelp("Fewest patients behind $health-score's population figures (env "
                                   + "HEALTH_GATEWAY_AUTH_MIN_POPULATION; default 10).", valueName: "count"))
    var authMinPopulation: Int?

    /// What `--auth smart` needs, read from the options, the environment and the configuration file.
    struct SMARTSettings {
        /// The external identity provider; both nil when the gateway issues every token itself.
        var issuer: String?
        var audience: String
        var jwks: String?
        var authorizeURL: String?
        var tokenURL: String?
        var minimumPopulation: Int
    }

    /// The settings of a server listening on `host`: nil for no authorization. Reads, checks, fetches nothing.
    func settings(host: String, logger: Logger) throws -> SMARTSettings? {
        let text = try EnvironmentDefault.value(auth?.rawValue, "HEALTH_GATEWAY_AUTH", default: "")
        let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
        let mode: Mode
        if text.isEmpty {
            guard loopback else {
                throw ValidationError("the server listens on \(host), beyond this machine: start it with --auth smart "
                    + "(and --auth-audience, with --auth-issuer and --auth-jwks for an external identity provider), or --auth none to serve without authorization")
            }
            mode = .none
        } else {
            guard let given = Mode(rawValue: text) else {
                throw ValidationError("--auth must be none or smart, not '\(text)'")
            }
            mode = given
        }
        guard mode == .smart else {
            if !loopback {
                logger.warning("""
                    serving \(host) without authorization (--auth none): anyone who reaches the port reads and writes \
                    every patient's data
                    """)
            }
            return nil
        }
        func required(_ value: String?, _ variable: String, _ flag: String) throws -> String {
            let value = try EnvironmentDefault.value(value, variable, default: "")
            guard !value.isEmpty else { throw ValidationError("--auth smart needs \(flag) (or \(variable))") }
            return value
        }
        let minimum = try EnvironmentDefault.value(authMinPopulation, "HEALTH_GATEWAY_AUTH_MIN_POPULATION", default: 10)
        guard minimum >= 1 else { throw ValidationError("--auth-min-population must be at least 1") }
        let issuer = EnvironmentDefault.optional(authIssuer, "HEALTH_GATEWAY_AUTH_ISSUER")
        let jwks = EnvironmentDefault.optional(authJwks, "HEALTH_GATEWAY_AUTH_JWKS")
        guard (issuer == nil) == (jwks == nil) else {
            throw ValidationError("--auth-issuer and --auth-jwks go together: give both for an external identity provider, "
                + "or neither to accept only the gateway's own backend-services tokens")
        }
        return SMARTSettings(
            issuer: issuer,
            audience: try required(authAudience, "HEALTH_GATEWAY_AUTH_AUDIENCE", "--auth-audience"),
            jwks: jwks,
            authorizeURL: EnvironmentDefault.optional(authAuthorizeUrl, "HEALTH_GATEWAY_AUTH_AUTHORIZE_URL"),
            tokenURL: EnvironmentDefault.optional(authTokenUrl, "HEALTH_GATEWAY_AUTH_TOKEN_URL"),
            minimumPopulation: minimum)
    }

    /// The authorization of a server listening on `host`: the settings, then the issuer's keys.
    func authorization(host: String, logger: Logger) async throws -> GatewayAuthorization {
        try await Self.authorization(settings(host: host, logger: logger))
    }

    /// The authorization the settings make: the issuer's keys read (a JWKS URL fetched) now.
    static func authorization(_ settings: SMARTSettings?) async throws -> GatewayAuthorization {
        guard let settings else { return .none }
        do {
            return .smart(try await SMARTAuthorization.make(
                issuer: settings.issuer, audience: settings.audience, jwks: settings.jwks,
                authorizationEndpoint: settings.authorizeURL, tokenEndpoint: settings.tokenURL,
                minimumPopulation: settings.minimumPopulation))
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError("--auth smart: \(error)")
        }
    }
}
