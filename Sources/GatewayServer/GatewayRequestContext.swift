public import Access
public import Auth
public import Hummingbird

/// The request context of every route: Hummingbird's core storage, who is calling, and for `/fhir`
/// routes the negotiated format and base URL.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The verified token's identity; nil without authorization or on a public route.
    public var identity: AuthIdentity?
    /// What the caller may do. Until `AuthMiddleware` has looked at the request, nothing: a route it
    /// did not run for reads no data.
    public var access: AccessPolicy
    /// The format, `_pretty` and base URL of a `/fhir` request, set by `FHIRErrorMiddleware`; nil elsewhere.
    var fhir: FHIRExchange?
    /// The source address of the connection (its IP), for the rate limits of requests without a token.
    public var remoteAddress: String?
    /// What the layers inside learn for the access log and the metrics outside them.
    public let record = RequestRecord()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        access = AccessPolicy(grants: [])
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
}

extension GatewayRequestContext {
    /// A `/fhir` request's exchange: as `FHIRErrorMiddleware` worked it out (every `/fhir` route runs
    /// behind it), or worked out now.
    func exchange(_ request: Request) -> FHIRExchange { fhir ?? FHIRExchange(request) }
}
