public import Access
public import Auth
public import Hummingbird

/// The request context of every route: Hummingbird's core storage, and who is calling.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The verified token's identity; nil without authorization or on a public route.
    public var identity: AuthIdentity?
    /// What the caller may do. Until `AuthMiddleware` has looked at the request, nothing: a route it
    /// did not run for reads no data.
    public var access: AccessPolicy

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        access = AccessPolicy(grants: [])
    }
}
