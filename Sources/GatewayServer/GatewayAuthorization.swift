public import Foundation
public import Auth
public import Store

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
/// http://hl7.org/fhir/smart-app-launch/app-launch.html): the external identity provider's tokens, if
/// one is configured, and the gateway's own, issued to registered backend clients
/// (http://hl7.org/fhir/smart-app-launch/backend-services.html).
public struct SMARTAuthorization: Sendable {
    /// The external identity provider's tokens (`--auth-issuer`, `--auth-jwks`); nil when the gateway
    /// issues every token itself.
    public var verifier: TokenVerifier?
    /// This server's FHIR base URL, which every token must name in `aud`.
    public var audience: String
    /// The identity provider's endpoints, advertised in `.well-known/smart-configuration` and the
    /// CapabilityStatement; apps get their tokens there. Without one, the token endpoint advertised
    /// is the gateway's own.
    public var authorizationEndpoint: String?
    public var tokenEndpoint: String?
    /// The JWKS URL, when the key set comes from one (`jwks_uri`).
    public var jwksURI: String?
    /// `$health-score`'s population figures are given only when at least this many patients make them
    /// (`--auth-min-population`), so that an aggregate never stands for a handful of people.
    public var minimumPopulation: Int
    /// The gateway's own token endpoint and tokens, over the store (`attachingBackend(to:)`).
    public private(set) var backend: BackendServices?
    /// Every token verifier: the external issuer's and the gateway's own.
    public private(set) var bearer: BearerTokenVerifier

    public init(verifier: TokenVerifier?, audience: String, authorizationEndpoint: String? = nil,
                tokenEndpoint: String? = nil, jwksURI: String? = nil, minimumPopulation: Int = 10) {
        self.verifier = verifier
        self.audience = audience
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.jwksURI = jwksURI
        self.minimumPopulation = minimumPopulation
        bearer = BearerTokenVerifier(verifier.map { [$0] } ?? [])
    }

    /// These settings with the gateway's own backend-services issuer, its keys and clients in `store`.
    public func attachingBackend(to store: any HealthStore, now: @escaping @Sendable () -> Date = { Date() })
        -> SMARTAuthorization
    {
        var smart = self
        let backend = BackendServices(store: store, audience: audience, now: now)
        smart.backend = backend
        smart.bearer = BearerTokenVerifier((verifier.map { [$0] } ?? []) + [backend.verifier])
        return smart
    }

    /// The issuer discovery names: the external identity provider's, else the gateway's own.
    public var issuer: String {
        verifier?.issuer ?? BackendServices.endpoints(audience: audience).issuer
    }

    /// Where the gateway publishes its own tokens' keys.
    public var backendJWKSURI: String { BackendServices.jwksURL(audience: audience) }

    /// The token endpoint discovery names: the identity provider's, else the gateway's own.
    public var advertisedTokenEndpoint: String {
        tokenEndpoint ?? BackendServices.endpoints(audience: audience).tokenURL
    }
}

extension GatewayAuthorization {
    /// This authorization with the gateway's own backend-services issuer over `store`.
    func attachingBackend(to store: any HealthStore, now: @escaping @Sendable () -> Date) -> GatewayAuthorization {
        guard case .smart(let smart) = self else { return self }
        return .smart(smart.attachingBackend(to: store, now: now))
    }
}

extension SMARTAuthorization {
    /// The settings of `serve --auth smart`: reads the issuer's key set now, so a bad `--auth-jwks`
    /// stops the server at start-up instead of failing every request. Without an issuer, only the
    /// gateway's own tokens are accepted.
    public static func make(issuer: String?, audience: String, jwks: String?, authorizationEndpoint: String?,
                            tokenEndpoint: String?, minimumPopulation: Int) async throws -> SMARTAuthorization {
        var verifier: TokenVerifier?
        var jwksURI: String?
        if let issuer, let jwks {
            let source = try JWKSSource(jwks)
            verifier = try await TokenVerifier(issuer: issuer, audience: audience, jwks: source)
            if case .url(let url) = source { jwksURI = url.absoluteString }
            guard !TokenVerifier.sameURL(issuer, BackendServices.endpoints(audience: audience).issuer) else {
                throw AuthConfigurationError.missing("an --auth-issuer other than the gateway's own, "
                    + BackendServices.endpoints(audience: audience).issuer)
            }
        }
        return SMARTAuthorization(verifier: verifier, audience: audience, authorizationEndpoint: authorizationEndpoint,
                                  tokenEndpoint: tokenEndpoint, jwksURI: jwksURI, minimumPopulation: minimumPopulation)
    }
}
