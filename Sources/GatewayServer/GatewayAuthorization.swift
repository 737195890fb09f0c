import Foundation
public import Auth

/// How the gateway decides who may call it (`serve --auth`; README, "Authorization").
public enum GatewayAuthorization: Sendable {
    /// Everyone may do everything: only for a server on loopback, or when asked for explicitly.
    case none
    /// SMART on FHIR: every request but the public ones carries a bearer token from the issuer.
    case smart(SMARTAuthorization)

    public var isEnabled: Bool {
        if case .smart = self { return true }
        return false
    }

    /// Whether population aggregates of `patients` people may be shown: always without authorization;
    /// with it, from `minimumPopulation` patients up.
    public func showsPopulationFigures(of patients: Int) -> Bool {
        guard case .smart(let smart) = self else { return true }
        return patients >= smart.minimumPopulation
    }
}

/// The SMART resource server's settings (SMART App Launch 2,
/// http://hl7.org/fhir/smart-app-launch/app-launch.html).
public struct SMARTAuthorization: Sendable {
    public var verifier: TokenVerifier
    /// The identity provider's endpoints, advertised in `.well-known/smart-configuration` and the
    /// CapabilityStatement; apps get their tokens there.
    public var authorizationEndpoint: String?
    public var tokenEndpoint: String?
    /// The JWKS URL, when the key set comes from one (`jwks_uri`).
    public var jwksURI: String?
    /// `$health-score`'s population figures are given only when at least this many patients make them
    /// (`--auth-min-population`), so that an aggregate never stands for a handful of people.
    public var minimumPopulation: Int

    public init(verifier: TokenVerifier, authorizationEndpoint: String? = nil, tokenEndpoint: String? = nil,
                jwksURI: String? = nil, minimumPopulation: Int = 10) {
        self.verifier = verifier
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.minimumPopulation = minimumPopulation
    }
}

extension SMARTAuthorization {
    /// The settings of `serve --auth smart`: reads the issuer's key set now, so a bad `--auth-jwks`
    /// stops the server at start-up instead of failing every request.
    public static func make(issuer: String, audience: String, jwks: String, authorizationEndpoint: String?,
                            tokenEndpoint: String?, minimumPopulation: Int) async throws -> SMARTAuthorization {
        let source = try JWKSSource(jwks)
        let verifier = try await TokenVerifier(issuer: issuer, audience: audience, jwks: source)
        var jwksURI: String?
        if case .url(let url) = source { jwksURI = url.absoluteString }
        return SMARTAuthorization(verifier: verifier, authorizationEndpoint: authorizationEndpoint,
                                  tokenEndpoint: tokenEndpoint, jwksURI: jwksURI, minimumPopulation: minimumPopulation)
    }
}
